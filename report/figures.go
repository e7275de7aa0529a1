package report

import "math"

// Counts are the sums read from the database for a group of people or
// enrollments; Figures adds what is derived from them.
type Counts struct {
	People     int64   `json:"people"`
	Enrolled   int64   `json:"enrolled"`
	NotStarted int64   `json:"not_started"`
	InProgress int64   `json:"in_progress"`
	Completed  int64   `json:"completed"`
	Overdue    int64   `json:"overdue"`
	Hours      float64 `json:"hours"` // online: credited for courses
	// Offline hours: 结业 of training classes and approved claims. Not
	// narrowed by a course filter, which shows none.
	OfflineHours float64 `json:"offline_hours"`
	// People who owe hours under a requirement, and those of them whose
	// hours in the requirement's cycle are still short of it.
	WithRequirement  int64 `json:"with_requirement"`
	BelowRequirement int64 `json:"below_requirement"`
	// Best results: one per person and quiz.
	QuizTaken  int64   `json:"quiz_taken"`
	QuizScore  float64 `json:"-"`
	QuizPassed int64   `json:"quiz_passed"`
}

// Figures are the counts with their rates. A rate whose denominator is
// zero is nil: "no data" is not "0 %".
type Figures struct {
	Counts
	CompletionRate *float64 `json:"completion_rate"`      // completed / enrolled, 0..1
	TotalHours     float64  `json:"total_hours"`          // online and offline
	HoursPerPerson *float64 `json:"hours_per_person"`     // of the total
	MetRate        *float64 `json:"requirement_met_rate"` // of those with a requirement
	QuizAverage    *float64 `json:"quiz_average"`         // 0..100
	QuizPassRate   *float64 `json:"quiz_pass_rate"`       // 0..1
}

func (c *Counts) add(o Counts) {
	c.People += o.People
	c.Enrolled += o.Enrolled
	c.NotStarted += o.NotStarted
	c.InProgress += o.InProgress
	c.Completed += o.Completed
	c.Overdue += o.Overdue
	c.Hours += o.Hours
	c.OfflineHours += o.OfflineHours
	c.WithRequirement += o.WithRequirement
	c.BelowRequirement += o.BelowRequirement
	c.QuizTaken += o.QuizTaken
	c.QuizScore += o.QuizScore
	c.QuizPassed += o.QuizPassed
}

// figures derives the rates. Rates are rounded to 4 places (0.1 % shown
// with one decimal), averages to 2, so equal inputs give equal figures in
// every view and export.
func (c Counts) figures() Figures {
	c.Hours, c.OfflineHours = round(c.Hours, 2), round(c.OfflineHours, 2)
	c.QuizScore = round(c.QuizScore, 2)
	total := round(c.Hours+c.OfflineHours, 2)
	return Figures{Counts: c, TotalHours: total,
		CompletionRate: ratio(float64(c.Completed), c.Enrolled, 4),
		HoursPerPerson: ratio(total, c.People, 2),
		MetRate:        ratio(float64(c.WithRequirement-c.BelowRequirement), c.WithRequirement, 4),
		QuizAverage:    ratio(c.QuizScore, c.QuizTaken, 2),
		QuizPassRate:   ratio(float64(c.QuizPassed), c.QuizTaken, 4),
	}
}

func ratio(num float64, den int64, places int) *float64 {
	if den == 0 {
		return nil
	}
	v := round(num/float64(den), places)
	return &v
}

func round(v float64, places int) float64 {
	p := math.Pow10(places)
	return math.Round(v*p) / p
}

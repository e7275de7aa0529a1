package report

import (
	"context"
	"time"

	"lms/internal/apperr"
	"lms/org"
)

// CourseLine is one course of a person's year: their transcript line.
type CourseLine struct {
	CourseID    int64      `json:"course_id"`
	Title       string     `json:"title"`
	Category    string     `json:"category"`
	CourseHours float64    `json:"course_hours"`
	Mandatory   bool       `json:"mandatory"`
	State       string     `json:"state"`
	Overdue     bool       `json:"overdue"`
	DueAt       *time.Time `json:"due_at"`
	EnrolledAt  time.Time  `json:"enrolled_at"`
	StartedAt   *time.Time `json:"started_at"`
	CompletedAt *time.Time `json:"completed_at"`
	Credited    *float64   `json:"credited_hours"`
	// The best score of the course's quizzes, and whether one was passed.
	QuizScore  *float64 `json:"quiz_score"`
	QuizPassed *bool    `json:"quiz_passed"`
	// The mean score the course's SCORM courseware reported (0–100), as
	// reported: no credit hangs on it.
	CoursewareScore *float64 `json:"courseware_score"`
}

// OfflineLine is one offline entry of a person's year: a class's 结业
// (kind "training") or an approved claim (its kind).
type OfflineLine struct {
	Kind       string    `json:"kind"`
	RefID      int64     `json:"ref_id"`
	Title      string    `json:"title"`
	Hours      float64   `json:"hours"`
	CreditedAt time.Time `json:"credited_at"`
}

// Transcript is a person's year: their figures, every course and every
// offline entry.
type Transcript struct {
	Trail    []Unit        `json:"trail"`
	Year     int           `json:"year"`
	Person   PersonRow     `json:"person"`
	Disabled bool          `json:"disabled"`
	Courses  []CourseLine  `json:"courses"`
	Offline  []OfflineLine `json:"offline"`
}

// Person is the drill-down to one person of the viewer's subtree: their
// transcript of the year, overdue courses first.
func (s *Service) Person(ctx context.Context, a *org.Actor, userID int64, year int) (*Transcript, error) {
	if err := s.mayReport(a); err != nil {
		return nil, err
	}
	if year < 2000 || year > 2100 {
		return nil, apperr.Invalidf("年度无效：%d", year)
	}
	m, err := getMember(ctx, s.db, userID)
	if err != nil {
		return nil, err
	}
	if !s.Policy.CanViewUnit(a, m.UnitPath) {
		return nil, apperr.Forbiddenf("此人不在您的管辖范围内")
	}
	rules, err := rulesFor(ctx, s.db, m.UnitPath)
	if err != nil {
		return nil, err
	}
	p, err := onePerson(ctx, s.db, m, year, newRuleSet(rules, year))
	if err != nil {
		return nil, err
	}
	t := &Transcript{Year: year, Person: p.row(), Disabled: m.Disabled}
	if t.Courses, err = courseLines(ctx, s.db, userID, year); err != nil {
		return nil, err
	}
	if t.Offline, err = offlineLines(ctx, s.db, userID, year); err != nil {
		return nil, err
	}
	trail, err := unitTrail(ctx, s.db, m.UnitPath)
	t.Trail = visibleTrail(s.Policy, a, trail)
	return t, err
}

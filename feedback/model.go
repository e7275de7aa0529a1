package feedback

import (
	"encoding/json"
	"time"
)

// Categories a message may have, in display order.
var Categories = []string{"opinion", "problem", "help", "other"}

// States of a message: 待受理 → 已受理 → 已答复 → 已办结, or 不予受理.
const (
	Pending  = "pending"
	Accepted = "accepted"
	Answered = "answered"
	Closed   = "closed"
	Rejected = "rejected"
)

// Ratings an author may give an answer.
var Ratings = []string{"satisfied", "basic", "unsatisfied"}

// Day is a date without a time of day; it is written "2006-01-02".
type Day struct{ time.Time }

// MarshalJSON writes the date alone.
func (d Day) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads what MarshalJSON wrote.
func (d *Day) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	t, err := time.Parse("2006-01-02", s)
	d.Time = t
	return err
}

// String is the date as 2006-01-02.
func (d Day) String() string { return d.Format("2006-01-02") }

// Message is a message as a handler or its author sees it. A handler of
// an anonymous message sees no author: AuthorName is empty and nothing
// else names them.
type Message struct {
	ID                string  `json:"id,omitempty"`
	Ref               string  `json:"ref,omitempty"`
	UnitID            int64   `json:"unit_id"`
	UnitName          string  `json:"unit_name"`
	Category          string  `json:"category"`
	Body              string  `json:"body"`
	Anonymous         bool    `json:"anonymous"`
	AuthorName        string  `json:"author_name,omitempty"`
	State             string  `json:"state"`
	SubmittedOn       Day     `json:"submitted_on"`
	AcceptDue         Day     `json:"accept_due"`
	AnswerDue         Day     `json:"answer_due"`
	AnsweredOn        *Day    `json:"answered_on,omitempty"`
	Escalation        int     `json:"escalation"`
	EscalatedUnitName string  `json:"escalated_unit_name,omitempty"`
	Rating            string  `json:"rating,omitempty"`
	Files             []File  `json:"files,omitempty"`
	Thread            []Entry `json:"thread,omitempty"`
	Public            *Public `json:"public_answer,omitempty"`
}

// Escalated reports whether the message went up to the parent unit (the
// red mark).
func (m *Message) Escalated() bool { return m.Escalation > 0 }

// Open reports whether the author may still add to the thread.
func (m *Message) Open() bool { return m.State != Closed && m.State != Rejected }

// Rateable reports whether the author may rate the answer now.
func (m *Message) Rateable() bool {
	return m.Rating == "" && (m.State == Answered || m.State == Closed)
}

// Entry is one line of a message's thread. The author's lines carry no
// name and only their day.
type Entry struct {
	Seq       int        `json:"seq"`
	Kind      string     `json:"kind"`
	ByAuthor  bool       `json:"by_author"`
	ActorName string     `json:"actor_name,omitempty"`
	Body      string     `json:"body,omitempty"`
	Day       Day        `json:"day"`
	At        *time.Time `json:"at,omitempty"`
}

// File is an attachment of a message.
type File struct {
	N           int    `json:"n"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
}

// Public is a 公开答复: the question as the handler restated it and the
// answer, shown to the members of the unit without the author.
type Public struct {
	ID          string    `json:"id"`
	UnitID      int64     `json:"unit_id"`
	UnitName    string    `json:"unit_name"`
	Question    string    `json:"question"`
	Answer      string    `json:"answer"`
	PublishedAt time.Time `json:"published_at"`
}

// Unit is a unit a member may write to.
type Unit struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Path string `json:"path"`
}

// Settings are a unit's deadlines in working days.
type Settings struct {
	UnitID     int64  `json:"unit_id"`
	UnitName   string `json:"unit_name"`
	AcceptDays int    `json:"accept_days"`
	AnswerDays int    `json:"answer_days"`
	// Inherited: the unit has no row of its own; these are an ancestor's
	// or the defaults.
	Inherited bool `json:"inherited"`
}

// Default deadlines, in working days.
const (
	DefaultAcceptDays = 3
	DefaultAnswerDays = 10
)

// When is the entry's moment in China time, or only its day for the
// author's lines (and the escalations, which happen on a day).
func (e Entry) When() string {
	if e.At == nil {
		return e.Day.String()
	}
	return e.At.In(chinaTime).Format("2006-01-02 15:04")
}

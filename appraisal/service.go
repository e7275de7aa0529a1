// Package appraisal is 群众评议: committees' campaigns in which members rate
// branch secretaries and Party organisations on a weighted form, with
// ballots that cannot be linked to whoever gave them.
//
// Anonymity: a submission marks the respondent's record answered and writes
// the ballot in one transaction, into two tables that share no key. The
// ballot has a random id and no time; results are only aggregates (and
// comments in random order), only after the campaign closed, and never for
// a target with fewer than MinBallots ballots. Nothing about a submission
// is logged or audited beyond the request line every request has.
package appraisal

import (
	"context"
	"time"

	"lms/internal/calendar"
	"lms/internal/db"
	"lms/org"
)

// MinBallots is the fewest ballots a target needs before any figure of it
// is shown: below it, one could subtract one's way to a person's ballot.
const MinBallots = 5

// Directory is what appraisal needs of the organisation: units the asker
// may see and the people in them. *org.Service is one.
type Directory interface {
	Unit(ctx context.Context, a *org.Actor, id int64) (*org.Unit, error)
	MembersOf(ctx context.Context, unitIDs []int64) ([]org.Member, error)
	MembersByID(ctx context.Context, ids []int64) ([]org.Member, error)
}

// Notifier tells people in the app (the bell) and by email.
type Notifier interface {
	Notify(ctx context.Context, userIDs []int64, refID int64, title, link string) (int, error)
}

// Service is the appraisal domain.
type Service struct {
	db     db.DBTX
	Dir    Directory
	Notify Notifier // nil: reminders are refused
	now    func() time.Time
}

// NewService returns a Service over a pool.
func NewService(pool db.DBTX, dir Directory) *Service {
	return &Service{db: pool, Dir: dir, now: time.Now}
}

// chinaTime: dates are shown and compared in China time.
var chinaTime = calendar.Zone

// Campaign is one appraisal.
type Campaign struct {
	ID               int64     `json:"id"`
	Title            string    `json:"title"`
	UnitPath         string    `json:"-"`
	Form             Form      `json:"form"`
	OpensAt          time.Time `json:"opens_at"`
	ClosesAt         time.Time `json:"closes_at"`
	Closed           bool      `json:"closed"`
	Released         bool      `json:"released"`
	TalkDissatisfied float64   `json:"talk_dissatisfied"`
	TalkScore        float64   `json:"talk_score"`
	CreatedBy        int64     `json:"created_by"`
	CreatedAt        time.Time `json:"created_at"`
}

// State is running, pending (not yet open) or closed at t.
func (c *Campaign) State(t time.Time) string {
	switch {
	case c.Closed || !t.Before(c.ClosesAt):
		return "closed"
	case t.Before(c.OpensAt):
		return "pending"
	}
	return "open"
}

// Target is who or what is appraised.
type Target struct {
	ID         int64  `json:"id"`
	CampaignID int64  `json:"campaign_id"`
	UserID     *int64 `json:"user_id"`
	Name       string `json:"name"`
	UnitID     int64  `json:"unit_id"`
	UnitName   string `json:"unit_name"`
	UnitPath   string `json:"-"`
	Position   int    `json:"position"`
	Asked      int    `json:"asked"`
}

// BallotInput is one respondent's answers: the index of the chosen step
// for each indicator in form order, the overall grade's index, a comment.
type BallotInput struct {
	Steps   []int  `json:"steps"`
	Grade   int    `json:"grade"`
	Comment string `json:"comment"`
}

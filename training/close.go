package training

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// KindTraining is the ledger kind of a finished class's hours.
const KindTraining = "training"

// CloseReport says what closing a class did.
type CloseReport struct {
	Members      int `json:"members"`
	Completed    int `json:"completed"`
	Failed       int `json:"failed"`
	Certificates int `json:"certificates"`
}

// Close ends the class: every member who met the assessment is 结业, gets
// the class's 学时 in the ledger and a certificate; the others are 未结业
// with what they lacked. All of it is one transaction; closing twice is
// refused and changes nothing.
//
// The class's hours are its whole load, online courses included: what the
// ledger already holds for the class's own courses is taken off the
// class's entry, so those courses do not count twice.
func (s *Service) Close(ctx context.Context, a *org.Actor, classID int64) (*CloseReport, error) {
	if _, err := s.managed(ctx, a, classID); err != nil {
		return nil, err
	}
	rep := &CloseReport{}
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		c, err := lockClass(ctx, tx, classID)
		if err != nil {
			return err
		}
		if c.State == StateClosed {
			return apperr.Conflictf("培训班已于 %s 结班，不能重复结班", c.ClosedAt.In(shanghai).Format("2006-01-02 15:04"))
		}
		return s.closeIn(ctx, tx, c, rep)
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

func (s *Service) closeIn(ctx context.Context, tx pgx.Tx, c *Class, rep *CloseReport) error {
	list, err := standings(ctx, tx, c, 0)
	if err != nil {
		return err
	}
	results, done := s.resultsOf(c, list)
	if err := s.hoursOf(ctx, tx, c, results); err != nil {
		return err
	}
	if err := insertResults(ctx, tx, c.ID, results); err != nil {
		return err
	}
	rep.Members, rep.Completed, rep.Failed = len(list), len(done), len(list)-len(done)
	if err := s.credit(ctx, tx, c, results); err != nil {
		return err
	}
	if rep.Certificates, err = s.issue(ctx, tx, c, done); err != nil {
		return err
	}
	if err := markClosed(ctx, tx, c.ID, s.now()); err != nil {
		return err
	}
	if s.OnCertificates != nil {
		return s.OnCertificates(ctx, tx, c.ID, rep.Certificates)
	}
	return nil
}

// Result is a member's 结业 or 未结业.
type Result struct {
	UserID     int64    `json:"user_id"`
	Name       string   `json:"name"`
	Completed  bool     `json:"completed"`
	Reason     string   `json:"reason"`
	Attendance int      `json:"attendance"`
	Score      *float64 `json:"score"`
	Hours      float64  `json:"hours"`
	Correction string   `json:"correction"`
}

func (s *Service) resultsOf(c *Class, list []Standing) ([]Result, []int64) {
	out := make([]Result, len(list))
	var done []int64
	for i, st := range list {
		out[i] = Result{UserID: st.UserID, Completed: st.Met, Reason: strings.Join(st.Missing, "；"),
			Attendance: st.Attendance, Score: st.Score}
		if st.Met {
			done = append(done, st.UserID)
		}
	}
	return out, done
}

// hoursOf sets each completer's hours: the class's, less what the ledger
// holds for the class's own courses.
func (s *Service) hoursOf(ctx context.Context, tx pgx.Tx, c *Class, results []Result) error {
	var ids []int64
	for _, r := range results {
		if r.Completed {
			ids = append(ids, r.UserID)
		}
	}
	courses, err := classCourses(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	courseIDs := make([]int64, len(courses))
	for i, cc := range courses {
		courseIDs[i] = cc.CourseID
	}
	already, err := s.Ledger.CreditedFor(ctx, tx, ids, courseIDs)
	if err != nil {
		return err
	}
	for i := range results {
		if results[i].Completed {
			results[i].Hours = math.Max(0, c.Hours-already[results[i].UserID])
		}
	}
	return nil
}

func (s *Service) credit(ctx context.Context, tx pgx.Tx, c *Class, results []Result) error {
	var entries []Credit
	today := s.now().In(shanghai)
	for _, r := range results {
		if r.Completed && r.Hours > 0 {
			entries = append(entries, Credit{UserID: r.UserID, Kind: KindTraining, RefID: c.ID, Title: c.Name,
				Year: c.EndsOn.Year(), Hours: r.Hours, On: today})
		}
	}
	_, err := s.Ledger.CreditOther(ctx, tx, entries)
	return err
}

// Results lists every member's result of a closed class for its managers.
func (s *Service) Results(ctx context.Context, a *org.Actor, classID int64) ([]Result, error) {
	if _, err := s.managed(ctx, a, classID); err != nil {
		return nil, err
	}
	list, err := classResults(ctx, s.db, classID, 0)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(list))
	for i, r := range list {
		ids[i] = r.UserID
	}
	names, err := s.People.Names(ctx, ids)
	for i := range list {
		list[i].Name = names[list[i].UserID]
	}
	return list, err
}

// MyResult is a member's own result, once the class has closed.
func (s *Service) MyResult(ctx context.Context, a *org.Actor, classID int64) (*Result, error) {
	list, err := classResults(ctx, s.db, classID, a.UserID)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}

// yearOf is the study year a date of China belongs to.
func yearOf(t time.Time) int { return t.In(shanghai).Year() }

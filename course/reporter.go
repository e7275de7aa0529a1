package course

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// Reporter is what the report feature learns of enrollments, inside the
// transaction of each change, so that its sums move with it. users[i] and
// courses[i] name one enrollment.
type Reporter interface {
	// EnrollmentsChanging is called before existing enrollments (or their
	// credit) change, with their rows locked by this transaction.
	EnrollmentsChanging(ctx context.Context, tx pgx.Tx, users, courses []int64) error
	// EnrollmentsChanged is called after enrollments were added or changed.
	EnrollmentsChanged(ctx context.Context, tx pgx.Tx, users, courses []int64) error
	// OtherCredited is called after ledger entries that no online course
	// earned (classes, claims) were written, with their hours, or after
	// they were taken back, with their hours negated. users[i], years[i]
	// and hours[i] describe one entry.
	OtherCredited(ctx context.Context, tx pgx.Tx, users []int64, years []int, hours []float64) error
}

// reportOther tells the report of offline entries written or taken back.
func (s *Service) reportOther(ctx context.Context, tx pgx.Tx, moved []otherMove) error {
	if s.Reporter == nil || len(moved) == 0 {
		return nil
	}
	users, years, hours := make([]int64, len(moved)), make([]int, len(moved)), make([]float64, len(moved))
	for i, m := range moved {
		users[i], years[i], hours[i] = m.UserID, m.Year, m.Hours
	}
	return s.Reporter.OtherCredited(ctx, tx, users, years, hours)
}

func (s *Service) reportChanging(ctx context.Context, tx pgx.Tx, p pairs) error {
	if s.Reporter == nil || len(p.users) == 0 {
		return nil
	}
	return s.Reporter.EnrollmentsChanging(ctx, tx, p.users, p.courses)
}

func (s *Service) reportChanged(ctx context.Context, tx pgx.Tx, p pairs) error {
	if s.Reporter == nil || len(p.users) == 0 {
		return nil
	}
	return s.Reporter.EnrollmentsChanged(ctx, tx, p.users, p.courses)
}

// pairs names enrollments by learner and course, as parallel slices.
type pairs struct{ users, courses []int64 }

func (p *pairs) add(userID, courseID int64) {
	p.users, p.courses = append(p.users, userID), append(p.courses, courseID)
}

// ofCourse names one course's enrollments of these learners.
func ofCourse(courseID int64, users ...[]int64) pairs {
	var p pairs
	for _, list := range users {
		for _, u := range list {
			p.add(u, courseID)
		}
	}
	return p
}

// ofUser names one learner's enrollments in these courses.
func ofUser(userID int64, courses ...[]int64) pairs {
	var p pairs
	for _, list := range courses {
		for _, c := range list {
			p.add(userID, c)
		}
	}
	return p
}

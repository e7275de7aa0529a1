package training

import (
	"context"
	"fmt"

	"lms/internal/apperr"
	"lms/org"
)

// Standing is how far a member is towards 结业 under the class's
// assessment: required courses completed, the exam passed, attendance at
// the offline sessions at least MinAttendance percent. A 心得 counts
// through the courses: a required course that asks for a reflection
// completes only once the learner's reflection is approved.
type Standing struct {
	UserID        int64    `json:"user_id"`
	Name          string   `json:"name"`
	RequiredDone  int      `json:"required_done"`
	RequiredTotal int      `json:"required_total"`
	HasQuiz       bool     `json:"has_quiz"`
	QuizPassed    bool     `json:"quiz_passed"`
	Score         *float64 `json:"score"`
	Attended      int      `json:"attended"`
	Sessions      int      `json:"sessions"`
	Late          int      `json:"late"`
	Attendance    int      `json:"attendance"` // percent
	Missing       []string `json:"missing"`
	Met           bool     `json:"met"`
}

// judge fills Attendance, Missing and Met from the counts: the one rule
// of what 结业 asks, a pure function for the tests.
func judge(st *Standing, c *Class) {
	st.Attendance = 100
	if st.Sessions > 0 {
		st.Attendance = st.Attended * 100 / st.Sessions
	}
	st.Missing = nil
	if left := st.RequiredTotal - st.RequiredDone; left > 0 {
		st.Missing = append(st.Missing, fmt.Sprintf("还有 %d 门必修课程未完成", left))
	}
	if st.HasQuiz && !st.QuizPassed {
		st.Missing = append(st.Missing, "结业考试未通过")
	}
	if st.Attendance < c.MinAttendance {
		st.Missing = append(st.Missing, fmt.Sprintf("出勤率 %d%%，低于要求的 %d%%", st.Attendance, c.MinAttendance))
	}
	st.Met = len(st.Missing) == 0
}

// MyStanding is what a member still lacks, shown on the class page.
func (s *Service) MyStanding(ctx context.Context, a *org.Actor, classID int64) (*Standing, error) {
	c, member, err := s.Class(ctx, a, classID)
	if err != nil {
		return nil, err
	}
	if !member {
		return nil, apperr.NotFoundf("您不在本班名单中")
	}
	list, err := standings(ctx, s.db, c, a.UserID)
	if err != nil || len(list) == 0 {
		return nil, firstErr(err, apperr.NotFoundf("您不在本班名单中"))
	}
	return &list[0], nil
}

// Standings lists every member's standing for the class's managers.
func (s *Service) Standings(ctx context.Context, a *org.Actor, classID int64) ([]Standing, error) {
	c, err := s.managed(ctx, a, classID)
	if err != nil {
		return nil, err
	}
	return standings(ctx, s.db, c, 0)
}

package reflection

import (
	"context"

	"lms/internal/apperr"
	"lms/org"
)

// Item is a reflection in a list, with its course's title.
type Item struct {
	Reflection
	CourseTitle string `json:"course_title"`
}

// Waiting lists what the actor has to review: submissions to the courses
// they teach and of the members of the subtrees they oversee.
func (s *Service) Waiting(ctx context.Context, a *org.Actor) ([]Item, error) {
	taught, err := s.taughtCourses(ctx, a)
	if err != nil {
		return nil, err
	}
	list, err := waiting(ctx, s.db, a.ScopePaths(org.RoleCommittee, org.RoleAdmin), taught, a.System, a.UserID)
	if err != nil {
		return nil, err
	}
	return s.items(ctx, list)
}

// taughtCourses are the courses with a rule that the actor teaches.
func (s *Service) taughtCourses(ctx context.Context, a *org.Actor) ([]int64, error) {
	if !s.Policy.CanBuildCourses(a) {
		return []int64{}, nil
	}
	rules, err := rulesOf(ctx, s.db)
	if err != nil || len(rules) == 0 {
		return []int64{}, err
	}
	info, err := s.Courses.Info(ctx, ruleIDs(rules))
	out := []int64{}
	for id, c := range info {
		if s.teaches(a, c) {
			out = append(out, id)
		}
	}
	return out, err
}

func ruleIDs(rules []Rule) []int64 {
	ids := make([]int64, len(rules))
	for i, r := range rules {
		ids[i] = r.CourseID
	}
	return ids
}

// items adds the course titles to a list.
func (s *Service) items(ctx context.Context, list []Reflection) ([]Item, error) {
	ids := make([]int64, 0, len(list))
	for _, r := range list {
		ids = append(ids, r.CourseID)
	}
	info := map[int64]CourseInfo{}
	if len(ids) > 0 {
		var err error
		if info, err = s.Courses.Info(ctx, ids); err != nil {
			return nil, err
		}
	}
	out := make([]Item, len(list))
	for i, r := range list {
		out[i] = Item{Reflection: r, CourseTitle: info[r.CourseID].Title}
	}
	return out, nil
}

// SharedWithMe lists the 优秀 reflections shared with the actor's unit.
func (s *Service) SharedWithMe(ctx context.Context, a *org.Actor) ([]Item, error) {
	if a.UnitPath == "" {
		return []Item{}, nil
	}
	list, err := sharedIn(ctx, s.db, a.UnitPath)
	if err != nil {
		return nil, err
	}
	return s.items(ctx, list)
}

// Owed is a course the learner is enrolled in that requires a reflection,
// with theirs (State "" before the first save).
type Owed struct {
	CourseID    int64  `json:"course_id"`
	CourseTitle string `json:"course_title"`
	MinChars    int    `json:"min_chars"`
	State       string `json:"state"`
	ID          int64  `json:"reflection_id"`
}

// MyCourses lists the learner's courses that require a reflection.
func (s *Service) MyCourses(ctx context.Context, a *org.Actor) ([]Owed, error) {
	rules, err := rulesOf(ctx, s.db)
	if err != nil || len(rules) == 0 || a.UserID == 0 {
		return []Owed{}, err
	}
	in, err := s.Courses.Enrolled(ctx, a.UserID, ruleIDs(rules))
	if err != nil {
		return nil, err
	}
	mineBy, err := ofUser(ctx, s.db, a.UserID)
	if err != nil {
		return nil, err
	}
	info, err := s.Courses.Info(ctx, ruleIDs(rules))
	out := []Owed{}
	for _, r := range rules {
		if in[r.CourseID] {
			m := mineBy[r.CourseID]
			out = append(out, Owed{CourseID: r.CourseID, CourseTitle: info[r.CourseID].Title, MinChars: r.MinChars,
				State: m.State, ID: m.ID})
		}
	}
	return out, err
}

// Figures gives the reflection figures per unit of the subtree at path
// (of one course when courseID is not 0), for its committees and admins.
func (s *Service) Figures(ctx context.Context, a *org.Actor, path string, courseID int64) ([]UnitFigures, error) {
	if path == "" || !s.Policy.CanViewUnit(a, path) {
		return nil, apperr.Forbiddenf("只能查看您所在党委（组织）范围内的心得统计")
	}
	return figuresUnder(ctx, s.db, path, courseID)
}

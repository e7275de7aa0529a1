package course

import (
	"context"
	"strings"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// Course is what a cadre is asked to study.
type Course struct {
	ID            int64      `json:"id"`
	Title         string     `json:"title"`
	Summary       string     `json:"summary"`
	CoverKey      string     `json:"-"`
	Category      string     `json:"category"`
	Tags          []string   `json:"tags"`
	Hours         float64    `json:"hours"`
	State         string     `json:"state"`
	Open          bool       `json:"open"`
	UnitPath      string     `json:"-"`
	MaxRate       float64    `json:"max_rate"`
	CompletePct   float64    `json:"complete_pct"`
	PresenceCheck bool       `json:"presence_check"`
	ForbidSkip    bool       `json:"forbid_skip"`
	CreatedBy     int64      `json:"created_by"`
	CreatedAt     time.Time  `json:"created_at"`
	PublishedAt   *time.Time `json:"published_at"`
	OwnerIDs      []int64    `json:"owner_ids"`
}

// CourseInput is what a trainer sets; nil fields stay as they are.
type CourseInput struct {
	Title         *string   `json:"title"`
	Summary       *string   `json:"summary"`
	Category      *string   `json:"category"`
	Tags          *[]string `json:"tags"`
	Hours         *float64  `json:"hours"`
	Open          *bool     `json:"open"`
	MaxRate       *float64  `json:"max_rate"`
	CompletePct   *float64  `json:"complete_pct"`
	PresenceCheck *bool     `json:"presence_check"`
	ForbidSkip    *bool     `json:"forbid_skip"`
}

// Categories offered in the editor; others are accepted.
var Categories = []string{"党的理论", "党性教育", "廉政教育", "业务知识", "管理能力", "安全生产", "其他"}

func cleanText(field, v string, max int, required bool) (string, error) {
	v = strings.TrimSpace(v)
	if required && v == "" {
		return "", apperr.Invalidf("%s不能为空", field)
	}
	if len([]rune(v)) > max || strings.IndexFunc(v, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) >= 0 {
		return "", apperr.Invalidf("%s不能超过 %d 个字符，也不能包含控制字符", field, max)
	}
	return v, nil
}

func (in *CourseInput) validate() error {
	var err error
	for _, f := range []struct {
		name     string
		p        *string
		max      int
		required bool
	}{{"课程名称", in.Title, 200, true}, {"简介", in.Summary, 5000, false}, {"分类", in.Category, 50, false}} {
		if f.p != nil {
			if *f.p, err = cleanText(f.name, *f.p, f.max, f.required); err != nil {
				return err
			}
		}
	}
	if in.Tags != nil {
		if err := cleanTags(in.Tags); err != nil {
			return err
		}
	}
	return in.validateNumbers()
}

func cleanTags(tags *[]string) error {
	out := []string{}
	for _, t := range *tags {
		t, err := cleanText("标签", t, 30, false)
		if err != nil {
			return err
		}
		if t != "" {
			out = append(out, t)
		}
	}
	if len(out) > 20 {
		return apperr.Invalidf("标签最多 20 个")
	}
	*tags = out
	return nil
}

func (in *CourseInput) validateNumbers() error {
	switch {
	case in.Hours != nil && (*in.Hours < 0 || *in.Hours > 1000):
		return apperr.Invalidf("学时须在 0 到 1000 之间")
	case in.MaxRate != nil && (*in.MaxRate < 1 || *in.MaxRate > 2):
		return apperr.Invalidf("允许的倍速须在 1.0 到 2.0 之间")
	case in.CompletePct != nil && (*in.CompletePct < 50 || *in.CompletePct > 100):
		return apperr.Invalidf("视频完成比例须在 50%% 到 100%% 之间")
	}
	return nil
}

// CanEdit: the course's trainers, and admins over the unit it belongs to.
func (s *Service) CanEdit(a *org.Actor, c *Course) bool {
	if a.System || s.Policy.CanManageUnit(a, c.UnitPath) {
		return true
	}
	for _, id := range c.OwnerIDs {
		if id == a.UserID {
			return true
		}
	}
	return false
}

// Teaching returns, with no access check, the courses found among ids with
// their unit and trainers (owners and co-trainers), so a feature that hangs
// things on a course (quizzes) can tell who may manage them.
func (s *Service) Teaching(ctx context.Context, ids []int64) (map[int64]Course, error) {
	list, err := getCourses(ctx, s.db, ids)
	out := make(map[int64]Course, len(list))
	for _, c := range list {
		out[c.ID] = c
	}
	return out, err
}

// CreateCourse starts a draft owned by the trainer who creates it.
func (s *Service) CreateCourse(ctx context.Context, a *org.Actor, in CourseInput) (*Course, error) {
	if !s.Policy.CanBuildCourses(a) {
		return nil, apperr.Forbiddenf("只有讲师或管理员可以创建课程")
	}
	if in.Title == nil {
		return nil, apperr.Invalidf("课程名称不能为空")
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	var id int64
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var err error
		if id, err = insertCourse(ctx, tx, a, *in.Title); err != nil {
			return err
		}
		if err := updateCourse(ctx, tx, id, in); err != nil {
			return err
		}
		return s.changed(ctx, tx, "course", id)
	})
	if err != nil {
		return nil, err
	}
	return getCourse(ctx, s.db, id)
}

// UpdateCourse changes a course's settings.
func (s *Service) UpdateCourse(ctx context.Context, a *org.Actor, id int64, in CourseInput) (*Course, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := s.editable(ctx, tx, a, id); err != nil {
			return err
		}
		if err := updateCourse(ctx, tx, id, in); err != nil {
			return err
		}
		return s.changed(ctx, tx, "course", id)
	})
	if err != nil {
		return nil, err
	}
	return getCourse(ctx, s.db, id)
}

// editable loads a course for a change, or says why the actor may not.
func (s *Service) editable(ctx context.Context, q db.DBTX, a *org.Actor, id int64) (*Course, error) {
	c, err := getCourse(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !s.CanEdit(a, c) {
		if s.canView(ctx, a, c) {
			return nil, apperr.Forbiddenf("只有课程的讲师可以修改该课程")
		}
		return nil, apperr.NotFoundf("课程不存在")
	}
	return c, nil
}

// SetState publishes, archives or returns a course to draft.
func (s *Service) SetState(ctx context.Context, a *org.Actor, id int64, state string) (*Course, error) {
	if state != "draft" && state != "published" && state != "archived" {
		return nil, apperr.Invalidf("未知的课程状态：%s", state)
	}
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		c, err := s.editable(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if state == "published" && c.State != "published" {
			if err := s.checkPublishable(ctx, tx, c); err != nil {
				return err
			}
		}
		if err := setCourseState(ctx, tx, id, state); err != nil {
			return err
		}
		return s.changed(ctx, tx, "course", id)
	})
	if err != nil {
		return nil, err
	}
	return getCourse(ctx, s.db, id)
}

func (s *Service) checkPublishable(ctx context.Context, q db.DBTX, c *Course) error {
	n, err := countLessons(ctx, q, c.ID)
	if err != nil {
		return err
	}
	if n == 0 {
		return apperr.Invalidf("课程还没有课时，不能发布")
	}
	return nil
}

// Course returns a course the actor may see.
func (s *Service) Course(ctx context.Context, a *org.Actor, id int64) (*Course, error) {
	c, err := getCourse(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if !s.canView(ctx, a, c) {
		return nil, apperr.NotFoundf("课程不存在")
	}
	return c, nil
}

// canView: editors always; committees and admins over its unit; others a
// published course that is open or that they are enrolled in.
func (s *Service) canView(ctx context.Context, a *org.Actor, c *Course) bool {
	if s.CanEdit(a, c) || s.Policy.CanViewUnit(a, c.UnitPath) {
		return true
	}
	if c.State == "draft" {
		return false
	}
	if c.State == "published" && (c.Open || a.Has(org.RoleCommittee) || a.Has(org.RoleAdmin)) {
		return true
	}
	// An enrolled learner keeps seeing an archived course they studied.
	_, err := getEnrollment(ctx, s.db, a.UserID, c.ID)
	return err == nil
}

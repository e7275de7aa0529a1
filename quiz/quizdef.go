package quiz

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/calendar"
	"lms/internal/db"
)

// Modes of a quiz.
const (
	ModeFixed = "fixed" // the questions listed in Items
	ModeDraw  = "draw"  // each learner a different draw by Rules
	ModeDaily = "daily" // daily practice: DailyCount questions a day, one attempt a day
)

// DailyCount is how many questions a daily practice draws.
const DailyCount = 5

// When answers and explanations are shown.
const (
	ShowNever       = "never"
	ShowAfterSubmit = "after_submit"
	ShowAfterDue    = "after_due"
)

// QuizItem is a fixed question of a quiz.
type QuizItem struct {
	QuestionID int64   `json:"question_id"`
	Points     float64 `json:"points"`
}

// Rule draws Count questions from a bank, optionally only those with a tag
// or a difficulty.
type Rule struct {
	BankID     int64   `json:"bank_id"`
	Tag        string  `json:"tag"`
	Difficulty int     `json:"difficulty"`
	Count      int     `json:"count"`
	Points     float64 `json:"points"`
}

// Quiz is a test, an exam or a daily practice.
type Quiz struct {
	ID               int64      `json:"id"`
	Title            string     `json:"title"`
	Description      string     `json:"description"`
	CourseID         *int64     `json:"course_id,omitempty"`
	UnitPath         string     `json:"unit_path,omitempty"`
	Mode             string     `json:"mode"`
	Required         bool       `json:"required"`
	TimeLimitS       int        `json:"time_limit_s"`
	MaxAttempts      int        `json:"max_attempts"`
	PassMark         float64    `json:"pass_mark"`
	ShuffleQuestions bool       `json:"shuffle_questions"`
	ShuffleOptions   bool       `json:"shuffle_options"`
	PartialCredit    bool       `json:"partial_credit"`
	ShowAnswers      string     `json:"show_answers"`
	DueAt            *time.Time `json:"due_at,omitempty"`
	CreatedBy        int64      `json:"created_by"`
	CreatedAt        time.Time  `json:"created_at"`
	Items            []QuizItem `json:"items,omitempty" db:"-"`
	Rules            []Rule     `json:"rules,omitempty" db:"-"`
}

// TimeLimit is the time an attempt may take; zero for none.
func (q *Quiz) TimeLimit() time.Duration { return time.Duration(q.TimeLimitS) * time.Second }

// QuizSummary is what a course page shows of its quizzes.
type QuizSummary struct {
	ID        int64         `json:"id"`
	Title     string        `json:"title"`
	Required  bool          `json:"required"`
	PassMark  float64       `json:"pass_mark"`
	TimeLimit time.Duration `json:"time_limit"`
}

func (q *Quiz) normalize(v Viewer) error {
	q.Title, q.Description = strings.TrimSpace(q.Title), strings.TrimSpace(q.Description)
	if q.Mode == "" {
		q.Mode = ModeFixed
	}
	if q.ShowAnswers == "" {
		q.ShowAnswers = ShowAfterSubmit
	}
	if q.CourseID != nil {
		q.UnitPath = ""
	} else if q.UnitPath == "" {
		q.UnitPath = v.UnitPath
	}
	if q.Mode == ModeDaily {
		q.TimeLimitS, q.MaxAttempts, q.Required = 0, 0, false
	}
	return q.check()
}

func (q *Quiz) check() error {
	switch {
	case q.Title == "" || len([]rune(q.Title)) > 200:
		return apperr.Invalidf("测验名称须为 1 到 200 个字")
	case q.Mode != ModeFixed && q.Mode != ModeDraw && q.Mode != ModeDaily:
		return apperr.Invalidf("组卷方式须为固定题目、随机抽题或每日一练")
	case q.TimeLimitS < 0 || q.TimeLimitS > 24*3600:
		return apperr.Invalidf("限时须在 0 到 24 小时之间")
	case q.MaxAttempts < 0 || q.MaxAttempts > 100:
		return apperr.Invalidf("作答次数须在 0（不限）到 100 之间")
	case q.PassMark < 0 || q.PassMark > 100:
		return apperr.Invalidf("及格分须在 0 到 100 之间")
	case q.ShowAnswers != ShowNever && q.ShowAnswers != ShowAfterSubmit && q.ShowAnswers != ShowAfterDue:
		return apperr.Invalidf("显示答案的时机无效")
	case q.ShowAnswers == ShowAfterDue && q.DueAt == nil:
		return apperr.Invalidf("“截止后显示答案”须设置截止时间")
	case q.Required && q.CourseID == nil:
		return apperr.Invalidf("只有课程内的测验可以设为必须通过")
	}
	return q.checkQuestions()
}

func (q *Quiz) checkQuestions() error {
	if q.Mode == ModeFixed {
		q.Rules = nil
		if len(q.Items) == 0 || len(q.Items) > 500 {
			return apperr.Invalidf("固定题目的测验须有 1 到 500 题")
		}
		for i := range q.Items {
			q.Items[i].Points = defaultPoints(q.Items[i].Points)
		}
		return nil
	}
	q.Items = nil
	if q.Mode == ModeDaily {
		if len(q.Rules) != 1 {
			return apperr.Invalidf("每日一练须从一个题库抽题")
		}
		q.Rules[0].Count = DailyCount
	}
	if len(q.Rules) == 0 || len(q.Rules) > 50 {
		return apperr.Invalidf("随机抽题须有 1 到 50 条规则")
	}
	for i := range q.Rules {
		r := &q.Rules[i]
		r.Tag, r.Points = strings.TrimSpace(r.Tag), defaultPoints(r.Points)
		if r.Count < 1 || r.Count > 500 || r.Difficulty < 0 || r.Difficulty > 5 {
			return apperr.Invalidf("第 %d 条抽题规则无效：题数 1 到 500，难度 0（不限）到 5", i+1)
		}
	}
	return nil
}

func defaultPoints(p float64) float64 {
	if p <= 0 {
		return 1
	}
	return min(p, 1000)
}

// CreateQuiz saves a new quiz after checking that its place (a course or a
// subtree) and its questions and banks are the viewer's to use and that
// every draw rule can be met.
func (s *Service) CreateQuiz(ctx context.Context, v Viewer, q Quiz) (*Quiz, error) {
	if !v.CanBuild() {
		return nil, apperr.Forbiddenf("只有讲师或管理员可以建立测验")
	}
	if err := q.normalize(v); err != nil {
		return nil, err
	}
	if err := s.checkPlace(ctx, v, q.CourseID, q.UnitPath, "测验"); err != nil {
		return nil, err
	}
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := s.checkSources(ctx, tx, v, &q); err != nil {
			return err
		}
		var err error
		q.ID, err = insertQuiz(ctx, tx, &q, v.UserID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.ManagedQuiz(ctx, v, q.ID)
}

// UpdateQuiz replaces a quiz's settings and questions. Attempts already
// started keep the paper they drew.
func (s *Service) UpdateQuiz(ctx context.Context, v Viewer, q Quiz) (*Quiz, error) {
	old, err := s.ManagedQuiz(ctx, v, q.ID)
	if err != nil {
		return nil, err
	}
	if q.CourseID == nil && q.UnitPath == "" {
		q.CourseID, q.UnitPath = old.CourseID, old.UnitPath
	}
	if err := q.normalize(v); err != nil {
		return nil, err
	}
	if err := s.checkPlace(ctx, v, q.CourseID, q.UnitPath, "测验"); err != nil {
		return nil, err
	}
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := s.checkSources(ctx, tx, v, &q); err != nil {
			return err
		}
		return updateQuiz(ctx, tx, &q)
	})
	if err != nil {
		return nil, err
	}
	return s.ManagedQuiz(ctx, v, q.ID)
}

func (s *Service) checkSources(ctx context.Context, tx pgx.Tx, v Viewer, q *Quiz) error {
	for i, it := range q.Items {
		if _, err := s.Question(ctx, v, it.QuestionID); err != nil {
			return apperr.Invalidf("第 %d 题（编号 %d）不存在或不可用", i+1, it.QuestionID)
		}
	}
	for i, r := range q.Rules {
		if _, err := s.Bank(ctx, v, r.BankID); err != nil {
			return apperr.Invalidf("第 %d 条抽题规则的题库不存在或不可用", i+1)
		}
		n, err := countPool(ctx, tx, r)
		if err != nil {
			return err
		}
		if n < r.Count {
			return apperr.Invalidf("第 %d 条抽题规则要抽 %d 题，题库中符合条件的只有 %d 题", i+1, r.Count, n)
		}
	}
	return nil
}

// ManagedQuiz returns a quiz the viewer may change and see results of.
func (s *Service) ManagedQuiz(ctx context.Context, v Viewer, id int64) (*Quiz, error) {
	q, err := s.loadQuiz(ctx, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.mayManageQuiz(ctx, v, q)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.NotFoundf("测验不存在")
	}
	return q, nil
}

// TakeableQuiz returns a quiz the viewer may attempt.
func (s *Service) TakeableQuiz(ctx context.Context, v Viewer, id int64) (*Quiz, error) {
	q, err := s.cachedQuiz(ctx, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.mayTake(ctx, v, q)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.NotFoundf("测验不存在")
	}
	return q, nil
}

func (s *Service) loadQuiz(ctx context.Context, id int64) (*Quiz, error) {
	q, err := getQuiz(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if q.Items, err = quizItems(ctx, s.db, id); err != nil {
		return nil, err
	}
	q.Rules, err = quizRules(ctx, s.db, id)
	return q, err
}

// Quizzes lists the standalone quizzes open to the viewer's unit, and for
// managers the ones they may change.
func (s *Service) Quizzes(ctx context.Context, v Viewer) ([]Quiz, error) {
	list, err := listQuizzes(ctx, s.db, v.UserID, v.UnitPath, v.Manager, v.Scopes)
	if err != nil {
		return nil, err
	}
	return s.listedQuizzes(ctx, v, list)
}

// QuizzesOfCourse lists a course's quizzes, for the course pages.
func (s *Service) QuizzesOfCourse(ctx context.Context, courseID int64) ([]QuizSummary, error) {
	list, err := courseQuizzes(ctx, s.db, courseID)
	if err != nil {
		return nil, err
	}
	out := make([]QuizSummary, 0, len(list))
	for _, q := range list {
		out = append(out, QuizSummary{ID: q.ID, Title: q.Title, Required: q.Required, PassMark: q.PassMark,
			TimeLimit: q.TimeLimit()})
	}
	return out, nil
}

// RequiredQuizzesPassed reports whether the user passed every quiz the
// course requires; q may be the caller's transaction.
func (s *Service) RequiredQuizzesPassed(ctx context.Context, q db.DBTX, userID, courseID int64) (bool, error) {
	return requiredPassed(ctx, q, userID, courseID)
}

// Minutes is the time limit in whole minutes, for forms and pages.
func (q Quiz) Minutes() int { return q.TimeLimitS / 60 }

// Due is the due time as pages show it, or "".
func (q Quiz) Due() string {
	if q.DueAt == nil {
		return ""
	}
	return calendar.In(*q.DueAt).Format("2006-01-02 15:04")
}

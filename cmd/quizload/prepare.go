package main

import (
	"context"
	"fmt"
	"strings"

	"lms/internal/db"
	"lms/org"
	"lms/quiz"
	"lms/report"
)

// exam is what the load needs: one token per learner and the quiz id.
type exam struct {
	tokens []string
	quizID int64
}

// prepareExam creates the learners with API tokens, a bank of questions
// and a drawn 50-question timed exam open to the learners' unit, through
// the domain services.
func prepareExam(ctx context.Context, url string, n, bankSize, draw int) (*exam, error) {
	pool, err := db.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	orgs, quizzes, reports := org.NewService(pool), quiz.NewService(pool), report.NewService(pool)
	orgs.Reporter, quizzes.Reporter = reports, reports // the report's sums follow, as in lms
	if _, err := orgs.SeedDemo(ctx); err != nil {
		return nil, err
	}
	admin, err := orgs.UserByUsername(ctx, "demo_admin")
	if err != nil {
		return nil, err
	}
	if err := importLearners(ctx, orgs, "示范能源集团/华北分公司党委/机关党支部", n); err != nil {
		return nil, err
	}
	v := quiz.Viewer{UserID: admin.ID, UnitPath: admin.UnitPath, Manager: true, Scopes: []string{admin.UnitPath}}
	quizID, err := makeExam(ctx, quizzes, v, bankSize, draw)
	if err != nil {
		return nil, err
	}
	e := &exam{quizID: quizID, tokens: make([]string, n)}
	for i := range n {
		u, err := orgs.UserByUsername(ctx, fmt.Sprintf("exam%05d", i))
		if err != nil {
			return nil, err
		}
		if e.tokens[i], err = orgs.CreateAPIToken(ctx, org.System(), u.ID, "exam load"); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func importLearners(ctx context.Context, orgs *org.Service, unit string, n int) error {
	var b strings.Builder
	b.WriteString("账号,姓名,组织\n")
	for i := range n {
		fmt.Fprintf(&b, "exam%05d,考生%d,%s\n", i, i, unit)
	}
	rows, err := org.ReadRoster([]byte(b.String()))
	if err != nil {
		return err
	}
	rep, err := orgs.ImportUsers(ctx, org.System(), rows, org.ImportOptions{InitialPassword: "Exam2026pass"})
	if err == nil && len(rep.Errors) > 0 {
		err = fmt.Errorf("import: %v", rep.Errors[0])
	}
	return err
}

// makeExam fills a bank with single, multiple, true/false and fill-in
// questions (tagged by type) and draws 60% single, 20% multiple, 20%
// true/false from it.
func makeExam(ctx context.Context, qs *quiz.Service, v quiz.Viewer, size, draw int) (int64, error) {
	bank, err := qs.CreateBank(ctx, v, quiz.BankInput{Name: "压力测试题库"})
	if err != nil {
		return 0, err
	}
	var g strings.Builder
	for i := range size {
		switch i % 4 {
		case 0, 1:
			fmt.Fprintf(&g, "// [tag:单选]\n第%d题 党的根本宗旨是什么？{=全心全意为人民服务 ~实现共产主义 ~发展生产力 ~依法治国####党章总纲。}\n\n", i)
		case 2:
			fmt.Fprintf(&g, "// [tag:多选]\n第%d题 “四个意识”包括：{~%%50%%政治意识 ~%%50%%大局意识 ~创新意识 ~%%-50%%市场意识}\n\n", i)
		default:
			fmt.Fprintf(&g, "// [tag:判断]\n第%d题 党员应当按期交纳党费。{TRUE}\n\n", i)
		}
	}
	rep, err := qs.Import(ctx, v, bank.ID, quiz.FormatGIFT, []byte(g.String()), false)
	if err != nil {
		return 0, err
	}
	if len(rep.Problems) > 0 {
		return 0, fmt.Errorf("bank: %v", rep.Problems[0])
	}
	single := draw * 6 / 10
	multi := (draw - single) / 2
	z, err := qs.CreateQuiz(ctx, v, quiz.Quiz{Title: "压力测试：集中考试", Mode: quiz.ModeDraw, TimeLimitS: 3600,
		MaxAttempts: 1, PassMark: 60, ShuffleQuestions: true, ShuffleOptions: true, UnitPath: v.UnitPath,
		Rules: []quiz.Rule{{BankID: bank.ID, Tag: "单选", Count: single, Points: 2},
			{BankID: bank.ID, Tag: "多选", Count: multi, Points: 2},
			{BankID: bank.ID, Tag: "判断", Count: draw - single - multi, Points: 2}}})
	if err != nil {
		return 0, err
	}
	return z.ID, nil
}

package quiz

import (
	"context"
	"fmt"
)

// demoQuizzes are the demo courses' required quizzes, by course title, in
// GIFT: `lms seed demo` adds each to its course before it is published.
var demoQuizzes = map[string]string{
	"新时代党员教育管理专题": `::结业1:: 党员教育管理工作的直接责任主体是{
=基层党组织
~上级机关
~人力资源部门
}

::结业2:: 基层党组织每年开展{=党员冬训 ####解析：见学习辅导第二章第二条。}，集中学习时间一般不少于 3 天。

::结业3:: 党员应当按期交纳党费。{T}
`,
}

// SeedDemoQuiz imports the demo questions of a course (if it has some)
// into a course bank and makes of them a quiz that the course requires.
func (s *Service) SeedDemoQuiz(ctx context.Context, v Viewer, courseID int64, courseTitle string) error {
	gift, ok := demoQuizzes[courseTitle]
	if !ok {
		return nil
	}
	b, err := s.CreateBank(ctx, v, BankInput{Name: courseTitle + "题库", CourseID: &courseID})
	if err != nil {
		return err
	}
	rep, err := s.Import(ctx, v, b.ID, FormatGIFT, []byte(gift), false)
	if err != nil {
		return err
	}
	if len(rep.Problems) > 0 {
		return fmt.Errorf("GIFT: %+v", rep.Problems[0])
	}
	page, err := s.Questions(ctx, v, b.ID, "", 1)
	if err != nil {
		return err
	}
	var items []QuizItem
	for _, q := range page.Questions {
		items = append(items, QuizItem{QuestionID: q.ID, Points: 1})
	}
	// Three attempts: the key and explanations show only once the third is
	// handed in, so a blank first attempt teaches nothing for the second.
	_, err = s.CreateQuiz(ctx, v, Quiz{Title: "结业测验", CourseID: &courseID, Required: true,
		PassMark: 60, MaxAttempts: 3, ShowAnswers: ShowAfterSubmit, Items: items})
	return err
}

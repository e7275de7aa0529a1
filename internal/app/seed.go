package app

import (
	"context"
	"errors"

	"lms/course"
	"lms/media"
	"lms/org"
	"lms/quiz"
)

// SeedDemo adds the demo organisation, then each feature's demo content
// (courses with their lessons, lecture and quiz). A second run changes
// nothing. It returns the demo logins and the titles of the courses added.
func (a *App) SeedDemo(ctx context.Context) ([]org.DemoLogin, []string, error) {
	logins, err := a.Org.SeedDemo(ctx)
	if err != nil {
		return nil, nil, err
	}
	added, err := a.Course.SeedDemo(ctx, course.Demo{Org: a.Org, Lectures: demoLectures{a.Media},
		Quizzes: demoQuizzes{a.Quiz}, Scorm: a.Scorm})
	if err != nil {
		return logins, added, err
	}
	notices, err := a.seedNoticeDemo(ctx)
	if err != nil {
		return logins, added, err
	}
	return logins, append(added, notices...), errors.Join(a.seedFeedback(ctx), a.seedReflection(ctx), a.seedAppraisal(ctx), a.seedTraining(ctx))
}

// demoLectures makes the demo course's lecture through media.
type demoLectures struct{ m *media.Service }

func (d demoLectures) DemoLecture(ctx context.Context, ownerID int64, title string, cues []course.DemoCue, seconds int) (int64, error) {
	lc := make([]media.LectureCue, len(cues))
	for i, c := range cues {
		lc[i] = media.LectureCue{Start: c.Start, End: c.End, Text: c.Text}
	}
	return d.m.SeedLecture(ctx, ownerID, title, lc, seconds)
}

// demoQuizzes adds a demo course's quiz as its trainer.
type demoQuizzes struct{ q *quiz.Service }

func (d demoQuizzes) DemoQuiz(ctx context.Context, trainer *org.Actor, courseID int64, title string) error {
	v := quiz.Viewer{UserID: trainer.UserID, UnitPath: trainer.UnitPath, Manager: true}
	return d.q.SeedDemoQuiz(ctx, v, courseID, title)
}

package app

import "errors"

// wireReport lets the report's sums follow the changes of accounts,
// enrollments and quiz attempts: each feature calls the report inside the
// transaction of its change, through the interface it declares.
func (a *App) wireReport() error {
	a.Org.Reporter = a.Report
	a.Course.Reporter = a.Report
	a.Quiz.Reporter = a.Report
	a.Quiz.Store = a.Store
	return nil
}

// reportReady: without its reporters the report's sums would drift from
// the changes silently until the nightly reconcile.
func (a *App) reportReady() error {
	switch {
	case a.Org.Reporter == nil:
		return errors.New("org: Reporter is not wired")
	case a.Course.Reporter == nil:
		return errors.New("course: Reporter is not wired")
	case a.Quiz.Reporter == nil:
		return errors.New("quiz: Reporter is not wired")
	}
	return nil
}

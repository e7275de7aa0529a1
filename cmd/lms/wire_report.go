package main

// wireReport lets the report's sums follow the changes of accounts,
// enrollments and quiz attempts: each feature calls the report inside the
// transaction of its change, through the interface it declares.
func (a *App) wireReport() {
	a.Org.Reporter = a.Report
	a.Course.Reporter = a.Report
	a.Quiz.Reporter = a.Report
}

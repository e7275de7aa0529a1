package main

import "lms/notice"

// wireNotice builds 通知公告: its files go to the shared bucket and its
// reminders under the courses feature's bell (and so into its email).
func (a *App) wireNotice() {
	a.Notice = notice.NewService(a.Pool)
	a.Notice.Store = a.Store
	a.Notice.Notifier = a.Course
}

package course

import (
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"lms/internal/calendar"
)

// The reminder names the due day on the platform's calendar (LMS_TIMEZONE),
// in the bell and in the email: here a zone where 03:00 in Beijing is still
// the day before.
func TestReminderDayOnThePlatformsCalendar(t *testing.T) {
	saved := calendar.Zone
	la, err := time.LoadLocation("America/Los_Angeles")
	must(t, err)
	calendar.Zone = la
	defer func() { calendar.Zone = saved }()
	f, srv, c := mailFixture(t)
	bj, err := time.LoadLocation("Asia/Shanghai")
	must(t, err)
	d := time.Now().Add(48 * time.Hour).In(bj)
	due := time.Date(d.Year(), d.Month(), d.Day(), 3, 0, 0, 0, bj)
	if due.Before(time.Now().Add(time.Hour)) {
		due = due.Add(24 * time.Hour)
	}
	_, err = f.svc.db.Exec(f.ctx, `UPDATE enrollments SET due_at = $2 WHERE course_id = $1`, c.ID, due)
	must(t, err)
	f.runReminders()
	want, beijing := due.In(la).Format("01-02"), due.In(bj).Format("01-02")
	list, _, err := f.svc.Notifications(f.ctx, f.actor("demo_learner"), 10)
	must(t, err)
	if len(list) != 1 || !strings.Contains(list[0].Title, want) || strings.Contains(list[0].Title, beijing) {
		t.Fatalf("reminder %+v: want the day %s, not Beijing's %s", list, want, beijing)
	}
	msgs := srv.messages()
	if len(msgs) != 1 {
		t.Fatalf("messages: %d", len(msgs))
	}
	m, err := mail.ReadMessage(strings.NewReader(msgs[0].data))
	must(t, err)
	if subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); !strings.Contains(subject, want) {
		t.Errorf("email subject %q lacks %s", subject, want)
	}
}

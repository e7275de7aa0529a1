package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"lms/internal/calendar"
)

// A due date typed into the assignment form is the end of that day in the
// platform's zone, and every page shows that same day, whatever the
// machine's own zone (here twelve hours east of UTC, where the end of a
// Beijing day is already the next morning).
func TestOneCalendar(t *testing.T) {
	saved := time.Local
	time.Local = time.FixedZone("east", 12*3600)
	defer func() { time.Local = saved }()
	ts := newTestServer(t)
	crs := ts.seedCourse(t, "日历测试课程", false)
	due := time.Now().In(calendar.Zone).AddDate(0, 0, 20).Format("2006-01-02")
	cm := ts.login(t, "demo_committee")
	form := url.Values{"course_id": {fmt.Sprint(crs.ID)}, "unit_id": {fmt.Sprint(ts.unitID(t, firstBranch))},
		"mandatory": {"1"}, "due": {due}, "year": {fmt.Sprint(time.Now().Year())}}
	if st, body, _ := cm.post("/assign", form); st != 303 {
		t.Fatalf("assign: %d %s", st, body)
	}
	learner := ts.login(t, "demo_learner")
	for _, page := range []string{"/learn", fmt.Sprintf("/courses/%d", crs.ID)} {
		st, body := learner.get(page)
		if st != 200 || !strings.Contains(body, due) {
			t.Errorf("%s does not show the due date %s: %d", page, due, st)
		}
	}
	if st, body := cm.get(fmt.Sprintf("/assign?course=%d", crs.ID)); st != 200 || !strings.Contains(body, due) {
		t.Errorf("the assignment list does not show %s: %d", due, st)
	}
	// The committee's report of the person shows the same day.
	u, err := ts.Org.UserByUsername(context.Background(), "demo_learner")
	if err != nil {
		t.Fatal(err)
	}
	if st, body := cm.get(fmt.Sprintf("/reports/people/%d", u.ID)); st != 200 || !strings.Contains(body, due) {
		t.Errorf("the person report does not show %s: %d", due, st)
	}
}

package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// A committee lists a course's assignments on /assign and withdraws one
// there; the API does the same; a committee of another subtree and a
// learner get nothing and change nothing; the audit log names the change.
func TestWithdrawAssignmentPagesAndAPI(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	c := ts.seedCourse(t, "撤回测试课程", false)
	ts.assignTo(t, c.ID, firstBranch, 30)
	cm := ts.login(t, "demo_committee")
	var list struct {
		Assignments []struct {
			ID       int64 `json:"id"`
			Enrolled int   `json:"enrolled"`
		} `json:"assignments"`
	}
	path := fmt.Sprintf("/api/v1/courses/%d/assignments", c.ID)
	if st := cm.do("GET", path, nil, &list); st != 200 || len(list.Assignments) != 1 || list.Assignments[0].Enrolled == 0 {
		t.Fatalf("list: %d %+v", st, list)
	}
	id := list.Assignments[0].ID
	for _, who := range []string{"demo_learner", "demo_trainer"} {
		u := ts.login(t, who)
		if st := u.do("DELETE", fmt.Sprintf("/api/v1/assignments/%d", id), nil, nil); st < 400 {
			t.Errorf("%s withdraws: %d", who, st)
		}
	}
	st, page := cm.get(fmt.Sprintf("/assign?course=%d", c.ID))
	if st != 200 || !strings.Contains(page, fmt.Sprintf(`action="/assign/%d/withdraw"`, id)) || !strings.Contains(page, "第一党支部") {
		t.Fatalf("assign page lists no withdraw button: %d", st)
	}
	if st, _, loc := cm.post(fmt.Sprintf("/assign/%d/withdraw", id), url.Values{}); st != 303 || !strings.Contains(loc, "withdrawn=1") {
		t.Fatalf("withdraw: %d %s", st, loc)
	}
	if st, page := cm.get(fmt.Sprintf("/assign?course=%d&withdrawn=1", c.ID)); st != 200 || !strings.Contains(page, "已撤回分配") ||
		!strings.Contains(page, "还没有分配") {
		t.Errorf("after withdrawing: %d", st)
	}
	if st := cm.do("DELETE", fmt.Sprintf("/api/v1/assignments/%d", id), nil, nil); st != 404 {
		t.Errorf("withdrawing twice: %d", st)
	}
	if st, page := ts.login(t, "demo_admin").get("/admin/audit?action=assignment.withdraw"); st != 200 || !strings.Contains(page, "撤回课程分配") {
		t.Errorf("audit page: %d", st)
	}
}

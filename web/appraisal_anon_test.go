package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"lms/appraisal"
)

// anonBallot is what one respondent answered, made distinguishable on
// purpose: a unique comment and a step pattern of their own.
type anonBallot struct {
	user, comment string
	id            int64
}

func token() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "意见" + hex.EncodeToString(b)
}

// anonCampaign has every respondent of the three secretaries answer with
// their own comment, steps and grade (机关 gets four, under the threshold).
func (as *appraisalServer) anonCampaign(t *testing.T, cm *client) (apCampaign, []anonBallot) {
	c := as.campaign(t, cm)
	groups := [][]string{{"demo_learner", "hb1_02", "hb1_03", "hb1_04", "hb1_05", "hb1_06"},
		{"hb2_02", "hb2_03", "hb2_04", "hb2_05", "hb2_06"}, {"hbj_02", "hbj_03", "hbj_04", "hbj_05"}}
	var out []anonBallot
	for target, users := range groups {
		for i, u := range users {
			b := anonBallot{user: u, comment: token(), id: as.user(t, u).ID}
			in := appraisal.BallotInput{Steps: []int{i % 4, (i + 1) % 4, (i + 2) % 4}, Grade: i % 3, Comment: b.comment}
			if st := as.ballot(t, u, c, target, in); st != 201 {
				t.Fatalf("ballot of %s: %d", u, st)
			}
			out = append(out, b)
		}
	}
	return c, out
}

// everyResponse fetches every GET route of appraisal, API and pages, for
// every target, as each client; the workbook is read as its text.
func (as *appraisalServer) everyResponse(t *testing.T, c apCampaign, clients map[string]*client) map[string]string {
	out := map[string]string{}
	for _, r := range as.server.e.Routes() {
		if r.Method != "GET" || !strings.Contains(r.Path, "appraisal") {
			continue
		}
		for _, tg := range c.Targets {
			path := strings.NewReplacer(":id", fmt.Sprint(c.ID), ":target", fmt.Sprint(tg.ID)).Replace(r.Path)
			for who, cl := range clients {
				st, body := cl.apGet(path)
				text := string(body)
				if strings.HasSuffix(path, "/export") && st == 200 {
					text = xlsxText(t, body)
				}
				out[fmt.Sprintf("%s %s (%d)", who, path, st)] = text
			}
		}
	}
	if len(out) < 20 {
		t.Fatalf("only %d responses walked", len(out))
	}
	return out
}

// No response an admin or the committee can get, while the campaign runs
// or after it closed, puts a respondent next to an answer: none holds both
// a respondent's account (name or id) and any ballot's comment, none holds
// a ballot's steps, and the comments come in a new order each time.
func TestAppraisalAnonymityEveryResponse(t *testing.T) {
	t.Parallel()
	as := newAppraisalServer(t)
	cm := as.login(t, "demo_committee")
	c, ballots := as.anonCampaign(t, cm)
	clients := map[string]*client{"admin": as.login(t, "demo_admin"), "committee": cm}
	seen := map[string]bool{}
	check := func(phase string, all map[string]string) {
		for key, body := range all {
			if strings.Contains(body, `"steps"`) {
				t.Errorf("%s %s: a ballot's steps are shown", phase, key)
			}
			var comment, who string
			for _, b := range ballots {
				if strings.Contains(body, b.comment) {
					comment, seen[b.comment] = b.comment, true
				}
				if strings.Contains(body, b.user) || strings.Contains(body, fmt.Sprintf(`"user_id":%d,`, b.id)) {
					who = b.user
				}
			}
			if comment != "" && who != "" {
				t.Errorf("%s %s: respondent %s next to the comment %s", phase, key, who, comment)
			}
			if phase == "running" && comment != "" {
				t.Errorf("%s %s: a comment is shown while the campaign runs", phase, key)
			}
		}
	}
	check("running", as.everyResponse(t, c, clients))
	if st := cm.do("POST", fmt.Sprintf("/api/v1/appraisals/%d/close", c.ID), nil, nil); st != 200 {
		t.Fatal("close")
	}
	check("closed", as.everyResponse(t, c, clients))
	for _, b := range ballots[:11] {
		if !seen[b.comment] {
			t.Errorf("the comment of a target with enough ballots is never shown: the walk missed the results")
		}
	}
	for _, b := range ballots[11:] {
		if seen[b.comment] {
			t.Errorf("a comment of 机关党支部 (4 ballots) is shown")
		}
	}
	as.commentsShuffled(t, cm, c)
}

// commentsShuffled: the first secretary's comments, read five times, do
// not always come in one order (an order would follow the table's).
func (as *appraisalServer) commentsShuffled(t *testing.T, cm *client, c apCampaign) {
	orders := map[string]bool{}
	for range 5 {
		var r appraisal.TargetResult
		cm.do("GET", fmt.Sprintf("/api/v1/appraisals/%d/targets/%d", c.ID, c.Targets[0].ID), nil, &r)
		if len(r.Comments) != 6 {
			t.Fatalf("comments: %v", r.Comments)
		}
		orders[strings.Join(r.Comments, ",")] = true
	}
	if len(orders) < 2 {
		t.Errorf("the comments come in one fixed order")
	}
}

// The server's log lines (debug level) and the audit log hold no answer:
// no comment, no steps, no grade, and nothing about a ballot at all.
func TestAppraisalAnonymityLogsAndAudit(t *testing.T) {
	t.Parallel()
	as := newAppraisalServer(t)
	cm := as.login(t, "demo_committee")
	c, ballots := as.anonCampaign(t, cm)
	cm.do("POST", fmt.Sprintf("/api/v1/appraisals/%d/close", c.ID), nil, nil)
	admin := as.login(t, "demo_admin")
	as.everyResponse(t, c, map[string]*client{"admin": admin})
	_, audit := admin.apGet("/api/v1/audit")
	logs := as.logs.String()
	if !strings.Contains(logs, "/ballot") {
		t.Fatalf("the log was not captured: %q", logs[:min(len(logs), 300)])
	}
	for _, line := range strings.Split(logs, "\n") {
		for _, b := range ballots {
			if strings.Contains(line, b.comment) {
				t.Errorf("log line holds a comment: %s", line)
			}
		}
		if strings.Contains(line, "steps") || strings.Contains(line, "grade") {
			t.Errorf("log line holds answers: %s", line)
		}
	}
	for _, b := range ballots {
		if strings.Contains(string(audit), b.comment) {
			t.Errorf("the audit log holds a comment")
		}
	}
	for _, w := range []string{"ballot", "appraisal", "评议"} {
		if strings.Contains(string(audit), w) {
			t.Errorf("the audit log mentions %q", w)
		}
	}
}

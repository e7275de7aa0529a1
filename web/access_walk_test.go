package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// allowedByRule are the routes on which an attacker may succeed against
// the victim's objects because a rule says so, each with the rule.
var allowedByRule = map[string][]string{
	// Languages are no one's object.
	"GET /lang/:lang": attackerNames,
	// Question images are named by 128 random bits: whoever has the name
	// was shown the question.
	"GET /quiz/images/:name": attackerNames,
	// A published course's page and outline are the group's catalogue:
	// committees and admins anywhere see them to assign them to their own
	// subtree (course.canView).
	"GET /api/v1/courses/:id": {"committee", "admin"},
	"GET /courses/:id":        {"committee", "admin"},
	// A certificate's serial (160 random bits) is printed on it: whoever
	// holds the paper may check it, without signing in.
	"GET /certificates/verify/:serial":        attackerNames,
	"GET /api/v1/certificates/verify/:serial": attackerNames,
}

// routeBodies are request bodies a route needs to get past validation, so
// that what is tested is the access rule, not the parser.
func (w *accessWorld) routeBody(key string) (string, []byte) {
	js := func(s string) (string, []byte) { return "application/json", []byte(s) }
	switch key {
	case "PATCH /api/v1/users/:id":
		return js(`{"display_name":"被改"}`)
	case "PATCH /api/v1/orgs/:id":
		return js(`{"name":"被改支部"}`)
	case "PATCH /api/v1/courses/:id":
		return js(`{"title":"被改课程"}`)
	case "POST /api/v1/courses/:id/chapters":
		return js(`{"title":"新章"}`)
	case "POST /api/v1/courses/:id/lessons":
		return js(`{"title":"新课","kind":"article","article_html":"<p>x</p>"}`)
	case "PATCH /api/v1/lessons/:id":
		return js(`{"title":"被改课时"}`)
	case "PUT /api/v1/courses/:id/owners":
		return js(`{"user_ids":[` + w.fill["owner"] + `]}`)
	case "POST /api/v1/scorm/:lesson/scos/:sco/commit":
		return js(`{"values":[["cmi.core.lesson_location","被改"]]}`)
	case "POST /teach/lessons/:id/scorm", "POST /api/v1/lessons/:id/scorm":
		return multipartBody(map[string]string{"_csrf": "", "rule": "completed"}, "package", "p.zip", tinyScorm())
	case "POST /training/classes/:id/plan-files", "POST /api/v1/training/classes/:id/plan-files":
		return multipartBody(map[string]string{"_csrf": ""}, "file", "方案.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	case "POST /api/v1/lessons/:id/heartbeat":
		return js(`{"playback_id":"walk","seq":1,"spans":[[0,5]]}`)
	case "POST /api/v1/banks/:id/questions":
		return js(`{"type":"short","stem":"新题","difficulty":1}`)
	case "PUT /api/v1/questions/:id":
		return js(`{"type":"short","stem":"被改","difficulty":1}`)
	case "PUT /api/v1/quizzes/:id":
		return js(`{"title":"被改测验","pass_mark":0}`)
	case "PUT /api/v1/attempts/:id/answers/:question_id":
		return js(`{"texts":["改答案"]}`)
	case "PUT /api/v1/attempts/:id/grades/:question_id":
		return js(`{"score":50}`)
	case "PUT /api/v1/media/:id/subtitles/:lang":
		return "text/vtt", []byte("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n改\n")
	case "POST /api/v1/banks/:id/import", "POST /quiz/banks/:id/import":
		return multipartBody(map[string]string{"_csrf": ""}, "file", "q.gift.txt", []byte("新题。{TRUE}\n"))
	case "POST /api/v1/courses/:id/cover":
		return multipartBody(nil, "file", "c.png", tinyPNG())
	case "POST /api/v1/lessons/:id/document", "POST /teach/lessons/:id/document":
		return multipartBody(map[string]string{"_csrf": ""}, "file", "d.pdf", []byte("%PDF-1.4\n%%EOF\n"))
	case "POST /media/:id/subtitles":
		return multipartBody(map[string]string{"_csrf": "", "lang": "en", "label": "English"}, "file", "s.vtt",
			[]byte("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nx\n"))
	}
	if strings.HasPrefix(key, "GET ") || strings.HasPrefix(key, "DELETE ") {
		return "", nil
	}
	if strings.Contains(key, " /api/") {
		return js(`{}`)
	}
	form := url.Values{"title": {"被改"}, "name": {"被改"}, "display_name": {"被改"}, "state": {"archived"},
		"score": {"1"}, "password": {"Changed2026x"}, "text": {"x"}, "kind": {"article"}, "rank": {"科员"},
		"unit_id": {w.fill["orgs/:id"]}, "parent_id": {w.fill["attacker_unit"]}, "dir": {"down"},
		"lesson": {w.fill["lessons/:id"]}}
	return "application/x-www-form-urlencoded", []byte(form.Encode())
}

// fillPath puts fixture values in a route's parameters; a parameter the
// world has no value for fails the test, so a new route is never skipped.
func (w *accessWorld) fillPath(t *testing.T, path string) (string, bool) {
	if missing := missingFixtures(path, w.fill); len(missing) > 0 {
		t.Errorf("route %s: no fixture for %v; add one to accessWorld so the route is walked", path, missing)
		return "", false
	}
	segs := strings.Split(path, "/")
	for i, s := range segs {
		switch {
		case s == "*" && i > 0 && segs[i-1] == "files":
			segs[i] = "shared/launchpage.html" // a SCORM package's file
		case s == "*":
			segs[i] = "master.m3u8"
		case strings.HasPrefix(s, ":"):
			segs[i] = w.fill[fixtureKey(segs, i)]
		}
	}
	return strings.Join(segs, "/"), true
}

// fixtureKey names a parameter by the segment before it: "courses/:id",
// "answers/:question_id", whatever prefix (/api/v1, /teach) the route has.
func fixtureKey(segs []string, i int) string { return segs[i-1] + "/" + segs[i] }

func missingFixtures(path string, fill map[string]string) []string {
	var missing []string
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") {
			if _, ok := fill[fixtureKey(segs, i)]; !ok {
				missing = append(missing, fixtureKey(segs, i))
			}
		}
	}
	return missing
}

// attempt sends one request as c and reports whether it succeeded: a 2xx,
// or a page's redirect anywhere but the login page.
func (w *accessWorld) attempt(t *testing.T, c *client, method, key, path string) (bool, int) {
	ct, body := w.routeBody(key)
	if ct != "" && ct != "application/json" && c.csrf != "" {
		body = withCSRF(ct, body, c.csrf)
	}
	req, _ := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	req.Header.Set("X-CSRF-Token", c.csrf)
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	st := resp.StatusCode
	if st >= 300 && st < 400 {
		return !strings.HasPrefix(resp.Header.Get("Location"), "/login"), st
	}
	return st < 300, st
}

// withCSRF fills the empty _csrf field of a form body.
func withCSRF(ct string, body []byte, token string) []byte {
	if strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		return []byte(string(body) + "&_csrf=" + url.QueryEscape(token))
	}
	return bytes.Replace(body, []byte("name=\"_csrf\"\r\n\r\n\r\n"), []byte("name=\"_csrf\"\r\n\r\n"+token+"\r\n"), 1)
}

// walkOrder puts reads first and deletions last, so an attacker's
// successful write or delete hides as little as possible from the rest.
func walkOrder(method, path string) int {
	if strings.HasSuffix(path, "/delete") {
		return 2
	}
	switch method {
	case http.MethodGet, http.MethodHead:
		return 0
	case http.MethodDelete:
		return 2
	}
	return 1
}

// Every route echo has registered, API and pages, that names an object is
// tried by every attacking role against the victim's object of that kind,
// with each method the route has. Any success outside allowedByRule fails.
func TestAccessWalk(t *testing.T) {
	w := newAccessWorld(t)
	type route struct{ method, path string }
	var routes []route
	for _, r := range w.fs.server.e.Routes() {
		if strings.Contains(r.Path, ":") && r.Method != "echo_route_not_found" {
			routes = append(routes, route{r.Method, r.Path})
		}
	}
	sort.Slice(routes, func(i, j int) bool {
		a, b := routes[i], routes[j]
		if oa, ob := walkOrder(a.method, a.path), walkOrder(b.method, b.path); oa != ob {
			return oa < ob
		}
		return a.path+a.method < b.path+b.method
	})
	if len(routes) < 80 {
		t.Fatalf("only %d routes with parameters: is every feature wired?", len(routes))
	}
	var violations []string
	tries := 0
	for _, r := range routes {
		key := r.method + " " + r.path
		path, ok := w.fillPath(t, r.path)
		if !ok {
			continue
		}
		if strings.HasSuffix(r.path, "/export") {
			path += "?format=gift"
		}
		for _, name := range attackerNames {
			if contains(allowedByRule[key], name) {
				continue
			}
			tries++
			if won, st := w.attempt(t, w.attackers[name], r.method, key, path); won {
				violations = append(violations, fmt.Sprintf("%s %s as %s: %d", r.method, path, name, st))
			}
		}
	}
	t.Logf("%d routes with parameters, %d requests", len(routes), tries)
	for _, v := range violations {
		t.Errorf("access outside the rules: %s", v)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A route the world cannot fill is reported, never skipped.
func TestAccessWalkRefusesUnknownParameters(t *testing.T) {
	fill := map[string]string{"courses/:id": "1"}
	if m := missingFixtures("/api/v1/courses/:id/widgets/:widget_id", fill); len(m) != 1 || m[0] != "widgets/:widget_id" {
		t.Errorf("missing: %v", m)
	}
	if m := missingFixtures("/teach/courses/:id", fill); len(m) != 0 {
		t.Errorf("known route reported: %v", m)
	}
}

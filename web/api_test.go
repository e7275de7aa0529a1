package web

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"lms/org"
)

func TestAPIAuthAndErrors(t *testing.T) {
	ts := newTestServer(t)
	anon := ts.client(t)
	var e apiError
	if st := anon.do("GET", "/api/v1/me", nil, &e); st != 401 || e.Error.Code != "unauthenticated" {
		t.Errorf("anonymous /me: %d %+v", st, e)
	}
	if st := anon.do("POST", "/api/v1/auth/login", map[string]string{"username": "demo_admin", "password": "nope"}, &e); st != 401 || e.Error.Code != "bad_login" {
		t.Errorf("bad login: %d %+v", st, e)
	}
	if st := rawPost(t, ts.URL+"/api/v1/auth/login", "application/json", `{"username": "demo_admin",`, &e); st != 400 || e.Error.Code != "invalid_json" {
		t.Errorf("malformed JSON: %d %+v", st, e)
	}
	big := `{"username": "` + strings.Repeat("x", 26<<20) + `"}`
	if st := rawPost(t, ts.URL+"/api/v1/auth/login", "application/json", big, &e); st != 413 {
		t.Errorf("26 MB body: %d %+v", st, e)
	}
	if st := rawPost(t, ts.URL+"/api/v1/auth/login", "application/json", `{"username": "demo_admin"} trailing`, &e); st != 400 || e.Error.Code != "invalid_json" {
		t.Errorf("JSON with trailing bytes: %d %+v", st, e)
	}
	if st := anon.do("GET", "/api/v1/nothing-here", nil, &e); st != 404 || e.Error.Code != "not_found" {
		t.Errorf("unknown route: %d %+v", st, e)
	}
	admin := ts.login(t, "demo_admin")
	var me struct {
		User org.User `json:"user"`
	}
	if st := admin.do("GET", "/api/v1/me", nil, &me); st != 200 || me.User.Username != "demo_admin" {
		t.Errorf("me: %d %+v", st, me)
	}
	for _, path := range []string{"/api/v1/users/abc", "/api/v1/users/-1", "/api/v1/users?org=x", "/api/v1/users?page=0"} {
		if st := admin.do("GET", path, nil, &e); st != 400 {
			t.Errorf("%s: %d", path, st)
		}
	}
}

// A cookie-authenticated unsafe request without the CSRF token is refused
// and changes nothing; the same request with a token passes.
func TestCSRF(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.login(t, "demo_admin")
	token := admin.csrf
	admin.csrf = ""
	var e apiError
	body := map[string]any{"parent_id": 1, "name": "无令牌支部"}
	if st := admin.do("POST", "/api/v1/orgs", body, &e); st != 403 || e.Error.Code != "csrf" {
		t.Errorf("no token: %d %+v", st, e)
	}
	admin.csrf = "forged"
	if st := admin.do("POST", "/api/v1/orgs", body, &e); st != 403 {
		t.Errorf("forged token: %d", st)
	}
	admin.csrf = token
	var u org.Unit
	if st := admin.do("POST", "/api/v1/orgs", map[string]any{"parent_id": 1, "name": "有令牌支部"}, &u); st != 201 || u.Name != "有令牌支部" {
		t.Errorf("with token: %d %+v", st, u)
	}
	var tree struct {
		Units []*org.TreeNode `json:"units"`
	}
	admin.do("GET", "/api/v1/orgs/tree", nil, &tree)
	if strings.Contains(fmt.Sprint(tree), "无令牌支部") {
		t.Error("request without CSRF token wrote")
	}
	// A login form posted cross-site, with no cookie at all, is refused too.
	if st := rawPost(t, ts.URL+"/login", "application/x-www-form-urlencoded", "username=demo_admin&password="+org.DemoPassword, &e); st != 403 {
		t.Errorf("cookie-less form login: %d", st)
	}
}

func TestBearerToken(t *testing.T) {
	ts := newTestServer(t)
	u, _ := ts.Org.UserByUsername(t.Context(), "demo_committee")
	tok, err := ts.Org.CreateAPIToken(t.Context(), org.System(), u.ID, "script")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", ts.URL+"/api/v1/users?q=hb1", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "hb1_01") {
		t.Errorf("bearer list: %d %s", resp.StatusCode, b)
	}
	req, _ = http.NewRequest("GET", ts.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer lms_forged")
	resp, _ = http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("forged bearer: %d", resp.StatusCode)
	}
}

func TestAPICrossSubtree(t *testing.T) {
	ts := newTestServer(t)
	committee := ts.login(t, "demo_committee")
	learner := ts.login(t, "demo_learner")
	outsider, _ := ts.Org.UserByUsername(t.Context(), "bgs_01")
	outsideUnit := outsider.UnitID
	cases := []struct {
		c            *client
		method, path string
		body         any
	}{
		{committee, "GET", fmt.Sprintf("/api/v1/users/%d", outsider.ID), nil},
		{committee, "GET", fmt.Sprintf("/api/v1/users?org=%d", outsideUnit), nil},
		{committee, "PATCH", fmt.Sprintf("/api/v1/users/%d", outsider.ID), map[string]any{"display_name": "x"}},
		{committee, "PATCH", fmt.Sprintf("/api/v1/orgs/%d", outsideUnit), map[string]any{"name": "x"}},
		{committee, "POST", "/api/v1/orgs", map[string]any{"parent_id": outsideUnit, "name": "x"}},
		{committee, "POST", "/api/v1/users", map[string]any{"username": "zz", "display_name": "x", "unit_id": outsideUnit, "password": "Abcdefg123"}},
		{learner, "GET", "/api/v1/orgs/tree", nil},
		{learner, "GET", "/api/v1/users", nil},
		{learner, "GET", fmt.Sprintf("/api/v1/users/%d", outsider.ID), nil},
		{learner, "GET", "/api/v1/audit", nil},
		{committee, "GET", "/api/v1/audit", nil},
	}
	for _, c := range cases {
		var e apiError
		st := c.c.do(c.method, c.path, c.body, &e)
		if st != 403 && st != 404 {
			t.Errorf("%s %s: %d", c.method, c.path, st)
		}
	}
	var tree struct {
		Units []*org.TreeNode `json:"units"`
	}
	committee.do("GET", "/api/v1/orgs/tree", nil, &tree)
	if len(tree.Units) != 1 || tree.Units[0].Name != "华北分公司党委" {
		t.Errorf("committee tree: %+v", tree.Units)
	}
}

func TestAPIUserLifecycle(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.login(t, "demo_admin")
	unit, _ := ts.Org.UnitIDByPath(t.Context(), "示范能源集团/华南分公司党委/营销党支部")
	var u org.User
	st := admin.do("POST", "/api/v1/users", map[string]any{"username": "api_user", "display_name": "接口用户",
		"unit_id": unit, "password": "Api2026pass", "roles": []map[string]any{{"role": "learner"}}}, &u)
	if st != 201 || u.UnitName != "营销党支部" {
		t.Fatalf("create: %d %+v", st, u)
	}
	var e apiError
	if st := admin.do("POST", "/api/v1/users", map[string]any{"username": "API_USER", "display_name": "重复",
		"unit_id": unit, "password": "Api2026pass"}, &e); st != 409 {
		t.Errorf("duplicate: %d %+v", st, e)
	}
	for name, bad := range map[string]map[string]any{
		"control char": {"username": "a\x01b", "display_name": "x", "unit_id": unit, "password": "Api2026pass"},
		"too long":     {"username": strings.Repeat("a", 65), "display_name": "x", "unit_id": unit, "password": "Api2026pass"},
		"weak":         {"username": "weakpw", "display_name": "x", "unit_id": unit, "password": "123"},
	} {
		if st := admin.do("POST", "/api/v1/users", bad, &e); st != 400 {
			t.Errorf("%s: %d %+v", name, st, e)
		}
	}
	if st := admin.do("PATCH", fmt.Sprintf("/api/v1/users/%d", u.ID), map[string]any{"disabled": true}, &u); st != 200 || !u.Disabled {
		t.Errorf("disable: %d %+v", st, u)
	}
	if st := ts.client(t).do("POST", "/api/v1/auth/login", map[string]string{"username": "api_user", "password": "Api2026pass"}, &e); st != 401 {
		t.Errorf("disabled login: %d", st)
	}
}

func TestLoginThrottledOverHTTP(t *testing.T) {
	ts := newTestServer(t)
	c := ts.client(t)
	var e apiError
	for range 10 {
		c.do("POST", "/api/v1/auth/login", map[string]string{"username": "demo_learner", "password": "Wrong2026!"}, &e)
	}
	req, _ := http.NewRequest("POST", ts.URL+"/api/v1/auth/login",
		strings.NewReader(`{"username":"demo_learner","password":"`+org.DemoPassword+`"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Errorf("throttled login: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

func TestOperationalEndpoints(t *testing.T) {
	ts := newTestServer(t)
	// /metrics last: request counts appear once a request has been counted.
	for _, pw := range [][2]string{{"/healthz", "ok"}, {"/readyz", `"postgres":"ok"`}, {"/metrics", "lms_http_requests_total"}} {
		path, want := pw[0], pw[1]
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d %.200s", path, resp.StatusCode, b)
		}
	}
	resp, _ := http.Get(ts.URL + "/login")
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") ||
		resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Referrer-Policy") == "" {
		t.Errorf("security headers: %v", resp.Header)
	}
}

func rawPost(t *testing.T, url, ctype, body string, out *apiError) int {
	t.Helper()
	resp, err := http.Post(url, ctype, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	_ = jsonUnmarshal(b, out)
	return resp.StatusCode
}

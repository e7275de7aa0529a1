package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"lms/org"
)

// apiClient is a signed-in session against a served platform.
type apiClient struct {
	t          *testing.T
	base, csrf string
	http       *http.Client
}

func loginAt(t *testing.T, base, username string) *apiClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &apiClient{t: t, base: base, http: &http.Client{Jar: jar}}
	st, body := c.send("POST", "/api/v1/auth/login", map[string]string{"username": username, "password": org.DemoPassword})
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	if st != 200 || json.Unmarshal([]byte(body), &out) != nil {
		t.Fatalf("login %s: %d %s", username, st, body)
	}
	c.csrf = out.CSRF
	return c
}

func (c *apiClient) send(method, path string, body any) (int, string) {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, r)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.csrf)
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Finding 9: the demo's required 结业测验 allows 3 attempts. A learner who
// hands in a blank first attempt must not get its key or explanations in
// any response, JSON or page; they come once no attempt is left.
func TestDemoQuizBlankAttemptRevealsNothing(t *testing.T) {
	t.Parallel()
	base, e := serveDemo(t, 0)
	conn, err := pgx.Connect(context.Background(), e.Config.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var quizID int64
	var attempts int
	if err := conn.QueryRow(context.Background(), `SELECT id, max_attempts FROM quizzes
		WHERE title = '结业测验' AND required`).Scan(&quizID, &attempts); err != nil {
		t.Fatal(err)
	}
	learner := loginAt(t, base, "demo_learner")
	// What only the key and the explanations say: the fill-in's answer, the
	// explanation, and the review the JSON and the page carry.
	secrets := []string{"党员冬训", "见学习辅导第二章", `"review"`, `"correct"`, `id="review"`}
	scan := func(what string, st int, body string) {
		t.Helper()
		if st >= 300 {
			t.Fatalf("%s: %d %s", what, st, body)
		}
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("%s with attempts left shows %q", what, s)
			}
		}
	}
	var v struct {
		ID int64 `json:"id"`
	}
	for n := 1; n <= attempts; n++ {
		st, body := learner.send("POST", fmt.Sprintf("/api/v1/quizzes/%d/attempts", quizID), nil)
		scan("start", st, body)
		json.Unmarshal([]byte(body), &v)
		st, body = learner.send("POST", fmt.Sprintf("/api/v1/attempts/%d/submit", v.ID), nil)
		if n == attempts {
			if !strings.Contains(body, "党员冬训") || !strings.Contains(body, "见学习辅导第二章") {
				t.Errorf("the key is not shown after the last attempt: %d %s", st, body)
			}
			break
		}
		scan("submit", st, body)
		for _, path := range []string{fmt.Sprintf("/api/v1/attempts/%d", v.ID), fmt.Sprintf("/quiz/attempts/%d", v.ID),
			fmt.Sprintf("/api/v1/quizzes/%d", quizID), fmt.Sprintf("/quiz/quizzes/%d", quizID)} {
			st, body := learner.send("GET", path, nil)
			scan("GET "+path, st, body)
		}
	}
	if attempts < 2 {
		t.Errorf("the demo quiz allows %d attempts; the test wants retakes to try", attempts)
	}
}

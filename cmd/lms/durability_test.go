package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"lms/course"
	"lms/internal/db"
	"lms/org"
)

// TestHeartbeatsSurviveKill9 drives heartbeats into a real `lms serve`
// process, kills it with SIGKILL mid-load, and finds every heartbeat it had
// acknowledged in PostgreSQL.
func TestHeartbeatsSurviveKill9(t *testing.T) {
	t.Parallel()
	env := stackEnv(t)
	for _, args := range [][]string{{"migrate", "up"}, {"seed", "demo"}} {
		if code, _, errOut := run(t, env, args...); code != 0 {
			t.Fatal(errOut)
		}
	}
	ctx := context.Background()
	pool, err := db.Open(ctx, env["LMS_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	lessonID, tokens := killFixture(t, pool, 24)
	bin := filepath.Join(t.TempDir(), "lms")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	base, proc := startServer(t, bin, env)
	acked := loadUntilKilled(t, base, lessonID, tokens, proc)
	checked := 0
	for i, a := range acked {
		if a.seq == 0 {
			continue
		}
		var seq int64
		var covered float64
		err := pool.QueryRow(ctx, `SELECT p.last_seq, p.covered FROM lesson_progress p
			JOIN users u ON u.id = p.user_id WHERE u.username = $1 AND p.lesson_id = $2`,
			fmt.Sprintf("kill%02d", i), lessonID).Scan(&seq, &covered)
		if err != nil || seq < a.seq || covered < a.covered-1e-6 {
			t.Errorf("learner %d: acknowledged seq %d covered %.2f, stored seq %d covered %.2f (%v)", i, a.seq, a.covered, seq, covered, err)
		}
		checked++
	}
	if checked < len(tokens)/2 {
		t.Fatalf("only %d learners had acknowledged heartbeats", checked)
	}
	t.Logf("%d learners, every acknowledged heartbeat found after kill -9", checked)
}

func killFixture(t *testing.T, pool db.DBTX, n int) (int64, []string) {
	ctx := context.Background()
	orgs, courses := org.NewService(pool), course.NewService(pool)
	defer courses.Close()
	var b strings.Builder
	b.WriteString("账号,姓名,组织\n")
	for i := range n {
		fmt.Fprintf(&b, "kill%02d,学员%d,示范能源集团/华南分公司党委/营销党支部\n", i, i)
	}
	rows, err := org.ReadRoster([]byte(b.String()))
	must(t, err)
	_, err = orgs.ImportUsers(ctx, org.System(), rows, org.ImportOptions{InitialPassword: "Kill2026pass"})
	must(t, err)
	title, lt := "持久性测试", "讲座"
	c, err := courses.CreateCourse(ctx, org.System(), course.CourseInput{Title: &title})
	must(t, err)
	l, err := courses.AddLesson(ctx, org.System(), c.ID, course.LessonInput{Title: &lt, Kind: "video"})
	must(t, err)
	_, err = pool.Exec(ctx, `UPDATE lessons SET duration = 3600 WHERE id = $1`, l.ID)
	must(t, err)
	_, err = courses.SetState(ctx, org.System(), c.ID, "published")
	must(t, err)
	unit, err := orgs.UnitIDByPath(ctx, "示范能源集团/华南分公司党委/营销党支部")
	must(t, err)
	_, err = courses.Assign(ctx, org.System(), orgs, course.AssignInput{CourseID: c.ID, UnitID: unit,
		DueAt: time.Now().Add(time.Hour), Year: time.Now().Year()})
	must(t, err)
	tokens := make([]string, n)
	for i := range tokens {
		u, err := orgs.UserByUsername(ctx, fmt.Sprintf("kill%02d", i))
		must(t, err)
		tokens[i], err = orgs.CreateAPIToken(ctx, org.System(), u.ID, "test")
		must(t, err)
	}
	return l.ID, tokens
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func startServer(t *testing.T, bin string, env map[string]string) (string, *os.Process) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--workers=0")
	cmd.Env = append(os.Environ(), "LMS_LISTEN="+addr)
	for k, v := range env {
		if k != "LMS_LISTEN" {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	must(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	base := "http://" + addr
	for i := 0; i < 300; i++ {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			return base, cmd.Process
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("lms serve did not start")
	return "", nil
}

type ack struct {
	seq     int64
	covered float64
}

// loadUntilKilled sends honest heartbeats from every learner until the
// server is killed, and returns each learner's last acknowledged one.
func loadUntilKilled(t *testing.T, base string, lessonID int64, tokens []string, proc *os.Process) []ack {
	acked := make([]ack, len(tokens))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for i, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			beatLoop(base, lessonID, tok, &acked[i], stop)
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	must(t, proc.Kill())
	_, _ = proc.Wait()
	close(stop)
	wg.Wait()
	return acked
}

func beatLoop(base string, lessonID int64, token string, last *ack, stop chan struct{}) {
	cl := &http.Client{Timeout: 5 * time.Second}
	var pos float64
	prev := time.Time{}
	for seq := int64(1); ; seq++ {
		select {
		case <-stop:
			return
		default:
		}
		now := time.Now()
		b := course.Beat{PlaybackID: "kill", Seq: seq, Rate: 1, Visible: true, Position: pos}
		if !prev.IsZero() {
			end := pos + now.Sub(prev).Seconds()
			b.Played, b.Position, pos = []course.Span{{Start: pos, End: end}}, end, end
		}
		prev = now
		body, _ := json.Marshal(b)
		req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/lessons/%d/heartbeat", base, lessonID), bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := cl.Do(req)
		if err != nil {
			return
		}
		var r course.BeatReply
		err = json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		if err == nil && resp.StatusCode == 200 && r.Accepted {
			*last = ack{seq: seq, covered: r.Covered}
		}
		time.Sleep(20 * time.Millisecond)
	}
}

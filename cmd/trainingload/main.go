// Command trainingload measures the training feature on a running server
// over `lms seed scale` data: a class of every person under the scale
// root, 2,000 check-ins by as many learners at once, the close (结业) of
// the whole class, and single certificate PDFs. It prints key=value lines
// for scripts/bench.d/training.sh.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"lms/internal/db"
	"lms/org"
)

type load struct {
	base, token string
	http        *http.Client
}

func main() {
	base := flag.String("base", os.Getenv("BASE_URL"), "server URL")
	token := flag.String("token", "", "API token of an admin over the scale root")
	checkins := flag.Int("checkins", 2000, "learners who check in")
	workers := flag.Int("c", 32, "check-ins in flight")
	rootID := flag.Int64("root", 0, "the scale root unit (lms seed scale prints root_id)")
	flag.Parse()
	ctx := context.Background()
	pool, err := db.Open(ctx, os.Getenv("LMS_DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	l := &load{base: *base, token: *token, http: &http.Client{Timeout: 120 * time.Second}}
	classID, sessionID := l.setUp(*rootID)
	var users []int64
	rows, _ := pool.Query(ctx, `SELECT u.id FROM users u JOIN units n ON n.id = u.unit_id
		WHERE n.path <@ (SELECT path FROM units WHERE id = $1) AND NOT u.disabled ORDER BY u.id LIMIT $2`, *rootID, *checkins)
	for rows.Next() {
		var id int64
		_ = rows.Scan(&id)
		users = append(users, id)
	}
	if rows.Err() != nil {
		log.Fatal(rows.Err())
	}
	tokens := learnerTokens(ctx, org.NewService(pool), users)
	l.checkIns(sessionID, tokens, *workers)
	l.tickRest(ctx, pool, *rootID, sessionID)
	l.closeClass(classID)
	l.pdfs(ctx, pool, classID)
	fmt.Printf("class_id=%d\n", classID)
}

// call sends one JSON request with a token and decodes the answer.
func (l *load) call(token, method, path string, body, out any) (int, time.Duration) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, l.base+path, r)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := l.http.Do(req)
	if err != nil {
		log.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	took := time.Since(start)
	if out != nil {
		_ = json.Unmarshal(data, out)
	}
	if resp.StatusCode >= 300 {
		log.Printf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	return resp.StatusCode, took
}

// setUp makes the class of everyone under root with a session now.
func (l *load) setUp(root int64) (int64, int64) {
	today := time.Now().Format("2006-01-02")
	var cl struct{ ID int64 }
	if st, _ := l.call(l.token, "POST", "/api/v1/training/classes", map[string]any{"unit_id": root, "name": "规模测试专题班",
		"kind": "集中轮训", "organiser": "集团党委组织部", "starts_on": today, "ends_on": today, "hours": 8,
		"min_attendance": 100}, &cl); st != 201 {
		log.Fatalf("create class: %d", st)
	}
	path := fmt.Sprintf("/api/v1/training/classes/%d", cl.ID)
	if st, _ := l.call(l.token, "POST", path+"/units", map[string]any{"unit_ids": []int64{root}}, nil); st != 200 {
		log.Fatalf("assign: %d", st)
	}
	var ss struct{ ID int64 }
	if st, _ := l.call(l.token, "POST", path+"/sessions", map[string]any{"kind": "lecture", "title": "开班动员",
		"starts_at": time.Now().Add(-time.Minute).Format(time.RFC3339), "ends_at": time.Now().Add(time.Hour).Format(time.RFC3339),
		"hours": 2}, &ss); st != 201 {
		log.Fatalf("session: %d", st)
	}
	return cl.ID, ss.ID
}

func learnerTokens(ctx context.Context, orgs *org.Service, users []int64) []string {
	out := make([]string, len(users))
	for i, id := range users {
		t, err := orgs.CreateAPIToken(ctx, org.System(), id, "trainingload")
		if err != nil {
			log.Fatal(err)
		}
		out[i] = t
	}
	return out
}

// checkIns has every learner post the current code, workers at a time.
func (l *load) checkIns(sessionID int64, tokens []string, workers int) {
	var code struct{ Path string }
	l.call(l.token, "GET", fmt.Sprintf("/api/v1/training/sessions/%d/code", sessionID), nil, &code)
	u, _ := url.Parse(code.Path)
	q := u.Query()
	body := map[string]any{"s": sessionID, "w": atoi(q.Get("w")), "t": q.Get("t")}
	lat := make([]time.Duration, len(tokens))
	var failed int
	var mu sync.Mutex
	next := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				st, took := l.call(tokens[i], "POST", "/api/v1/training/checkin", body, nil)
				lat[i] = took
				if st != 200 {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			}
		}()
	}
	for i := range tokens {
		next <- i
	}
	close(next)
	wg.Wait()
	total := time.Since(start)
	fmt.Printf("checkins=%d checkin_total_s=%.2f checkin_rps=%.1f checkin_p50_ms=%.1f checkin_p99_ms=%.1f checkin_errors=%d\n",
		len(tokens), total.Seconds(), float64(len(tokens))/total.Seconds(), ms(pct(lat, 50)), ms(pct(lat, 99)), failed)
}

// tickRest has the head teacher tick off everyone else, so the whole
// class completes and the close issues a certificate to each.
func (l *load) tickRest(ctx context.Context, pool *pgxpool.Pool, root, sessionID int64) {
	rows, _ := pool.Query(ctx, `SELECT u.id FROM users u JOIN units n ON n.id = u.unit_id
		WHERE n.path <@ (SELECT path FROM units WHERE id = $1) AND NOT u.disabled`, root)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		log.Fatal(err)
	}
	st, took := l.call(l.token, "POST", fmt.Sprintf("/api/v1/training/sessions/%d/marks", sessionID),
		map[string]any{"user_ids": ids, "present": true}, nil)
	if st != 200 {
		log.Fatalf("marks: %d", st)
	}
	fmt.Printf("ticked=%d tick_s=%.2f\n", len(ids), took.Seconds())
}

func (l *load) closeClass(classID int64) {
	var rep struct{ Members, Completed, Failed, Certificates int }
	st, took := l.call(l.token, "POST", fmt.Sprintf("/api/v1/training/classes/%d/close", classID), nil, &rep)
	if st != 200 {
		log.Fatalf("close: %d", st)
	}
	fmt.Printf("close_members=%d close_completed=%d close_certificates=%d close_s=%.2f\n",
		rep.Members, rep.Completed, rep.Certificates, took.Seconds())
}

// pdfs fetches 50 single certificates, one at a time.
func (l *load) pdfs(ctx context.Context, pool *pgxpool.Pool, classID int64) {
	rows, _ := pool.Query(ctx, `SELECT id FROM certificates WHERE class_id = $1 ORDER BY id LIMIT 50`, classID)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) == 0 {
		log.Fatalf("certificates: %v", err)
	}
	lat := make([]time.Duration, len(ids))
	for i, id := range ids {
		st, took := l.call(l.token, "GET", fmt.Sprintf("/api/v1/certificates/%d/pdf", id), nil, nil)
		if st != 200 {
			log.Fatalf("pdf: %d", st)
		}
		lat[i] = took
	}
	fmt.Printf("pdf_n=%d pdf_p50_ms=%.1f pdf_p99_ms=%.1f\n", len(ids), ms(pct(lat, 50)), ms(pct(lat, 99)))
}

func atoi(s string) int64 {
	var n int64
	fmt.Sscan(s, &n)
	return n
}

func pct(d []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, len(s)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

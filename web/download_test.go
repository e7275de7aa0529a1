package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"

	"lms/internal/app/apptest"
	"lms/report"
)

// logBuffer collects the server's JSON log lines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// lines are the records logged so far.
func (l *logBuffer) lines() []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, s := range strings.Split(strings.TrimSpace(l.b.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(s), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// accessLine waits for the access-log line of a path.
func (l *logBuffer) accessLine(t *testing.T, path string) map[string]any {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for _, m := range l.lines() {
			if m["msg"] == "request" && strings.HasPrefix(fmt.Sprint(m["uri"]), path) {
				return m
			}
		}
	}
	t.Fatalf("no access-log line for %s in %v", path, l.lines())
	return nil
}

// errorLines are the records at level ERROR.
func (l *logBuffer) errorLines() []map[string]any {
	var out []map[string]any
	for _, m := range l.lines() {
		if m["level"] == "ERROR" {
			out = append(out, m)
		}
	}
	return out
}

type downloadServer struct {
	*testServer
	log  *logBuffer
	pool *pgxpool.Pool
}

// newDownloadServer is the real server with the reports, logging to a
// buffer, and one more route: /api/v1/test/export.csv|xlsx?rows=&fail=&wait=
// sends an export of numbered rows through sendExport (the code path of
// every report download) whose query fails after fail rows, or after
// wait rows waits until the request is cancelled, as a database query does.
func newDownloadServer(t *testing.T) *downloadServer {
	t.Helper()
	t.Parallel()
	logs := &logBuffer{}
	a, srv := appServer(t, apptest.Options{}, func(d *Deps) { d.Log = slog.New(slog.NewJSONHandler(logs, nil)) })
	srv.e.GET("/api/v1/test/export.:format", func(c echo.Context) error {
		return srv.sendExport(c, numberedExport(c), c.Param("format"), "test", report.SheetRows)
	})
	ts := &testServer{Server: serve(t, srv), App: a, Org: a.Org, Course: a.Course}
	return &downloadServer{testServer: ts, log: logs, pool: a.Pool}
}

var errQueryBroke = errors.New("query broke: the database went away")

func numberedExport(c echo.Context) *report.Export {
	n, _ := strconv.Atoi(c.QueryParam("rows"))
	fail, _ := strconv.Atoi(c.QueryParam("fail"))
	wait, _ := strconv.Atoi(c.QueryParam("wait"))
	sh := report.Sheet{Name: "人员明细", Columns: []report.Column{{Header: "序号", Kind: report.Int}, {Header: "姓名", Kind: report.Text}},
		Each: func(ctx context.Context, emit func([]any) error) error {
			for i := 1; i <= n; i++ {
				switch i {
				case fail:
					return errQueryBroke
				case wait:
					<-ctx.Done()
					return ctx.Err()
				}
				if err := emit([]any{int64(i), fmt.Sprintf("第%d人", i)}); err != nil {
					return err
				}
			}
			return nil
		}}
	return &report.Export{Name: "测试", Sheets: []report.Sheet{sh}}
}

// TestDownloadCutShortAfterFirstByteIsAborted: a csv whose query breaks
// after 300 KB went out must not end like a whole file: the client reads
// an unexpected EOF (no terminating chunk, no Content-Length), and the
// server logs the cause.
func TestDownloadCutShortAfterFirstByteIsAborted(t *testing.T) {
	ds := newDownloadServer(t)
	resp, err := http.Get(ds.URL + "/api/v1/test/export.csv?rows=40000&fail=30000")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("read %d bytes, err %v: the cut-short file looks complete", len(body), err)
	}
	if resp.ContentLength != -1 || len(body) < 64<<10 {
		t.Errorf("Content-Length %d, %d bytes", resp.ContentLength, len(body))
	}
	found := false
	for _, m := range ds.log.errorLines() {
		found = found || strings.Contains(fmt.Sprint(m["err"]), errQueryBroke.Error())
	}
	if !found {
		t.Errorf("cause not logged: %v", ds.log.lines())
	}
	if line := ds.log.accessLine(t, "/api/v1/test/export.csv"); line["status"] == float64(200) {
		t.Errorf("access log says the download succeeded: %v", line)
	}
}

// TestDownloadFailingBeforeFirstByteAnswersError: an xlsx is zipped only
// once every row is read, and a csv is held until 64 KB are ready, so a
// query that breaks before then is answered with a 500 and the JSON
// error, not a 200 with an empty or truncated file.
func TestDownloadFailingBeforeFirstByteAnswersError(t *testing.T) {
	ds := newDownloadServer(t)
	for _, path := range []string{"/api/v1/test/export.xlsx?rows=1000&fail=500", "/api/v1/test/export.csv?rows=100&fail=50"} {
		resp, err := http.Get(ds.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 500 || !strings.Contains(string(body), `"internal"`) ||
			resp.Header.Get("Content-Disposition") != "" {
			t.Errorf("%s: %d %q %v, body %.80q", path, resp.StatusCode, resp.Header.Get("Content-Disposition"), err, body)
		}
	}
	if len(ds.log.errorLines()) == 0 {
		t.Error("cause not logged")
	}
}

// TestDownloadCancelledByClient: a learner who closes the tab halfway
// through a download is not a server failure: no ERROR line, and the
// access log says 499 at INFO.
func TestDownloadCancelledByClient(t *testing.T) {
	ds := newDownloadServer(t)
	resp, err := http.Get(ds.URL + "/api/v1/test/export.csv?rows=40000&wait=30000")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bufio.NewReader(resp.Body).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close() // gives up before the end
	line := ds.log.accessLine(t, "/api/v1/test/export.csv")
	if line["status"] != float64(statusClientClosed) || line["level"] != "INFO" {
		t.Errorf("access log %v", line)
	}
	if e := ds.log.errorLines(); len(e) != 0 {
		t.Errorf("logged as errors: %v", e)
	}
}

// TestReportCancelledByClient: a committee member whose units report takes
// too long gives up (here: the requirements are locked, so the query
// waits). That is logged at INFO with 499, not as an internal error.
func TestReportCancelledByClient(t *testing.T) {
	ds := newDownloadServer(t)
	c := ds.login(t, "demo_committee")
	ctx := context.Background()
	tx, err := ds.pool.Begin(ctx)
	must(t, err)
	defer tx.Rollback(ctx) //nolint:errcheck
	_, err = tx.Exec(ctx, `LOCK TABLE requirements IN ACCESS EXCLUSIVE MODE`)
	must(t, err)
	for _, path := range []string{"/api/v1/reports/units", "/api/v1/reports/people.xlsx"} {
		rctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		req, _ := http.NewRequestWithContext(rctx, "GET", ds.URL+path, nil)
		if resp, err := c.http.Do(req); err == nil {
			resp.Body.Close()
			t.Errorf("%s answered %d while the requirements were locked", path, resp.StatusCode)
		}
		cancel()
		line := ds.log.accessLine(t, path)
		if line["status"] != float64(statusClientClosed) || line["level"] != "INFO" {
			t.Errorf("%s: access log %v", path, line)
		}
	}
	if e := ds.log.errorLines(); len(e) != 0 {
		t.Errorf("logged as errors: %v", e)
	}
}

package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"mime/multipart"
	"net/http"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"lms/feedback"
	"lms/org"
)

// feedbackServer is the test server with feedback, whose every log line
// (access log included) is kept for the test to read.
type feedbackServer struct {
	*testServer
	Feedback *feedback.Service
	logs     *syncBuffer
	pool     *pgxpool.Pool
}

func newFeedbackServer(t *testing.T) *feedbackServer {
	t.Helper()
	fs := &feedbackServer{logs: &syncBuffer{}}
	fs.testServer = newTestServerWith(t, func(d *Deps) {
		fs.pool, fs.Feedback = d.DB, d.Feedback
		d.Log = slog.New(slog.NewTextHandler(fs.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	return fs
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// author makes a member of 第一党支部 whose account id is a number no
// page would show by chance (987 650 and up), so a search for it means
// something.
func (fs *feedbackServer) author(t *testing.T, username, name string) *org.User {
	t.Helper()
	ctx := context.Background()
	if _, err := fs.pool.Exec(ctx, `SELECT setval(pg_get_serial_sequence('users', 'id'), 987650)`); err != nil {
		t.Fatal(err)
	}
	u, err := fs.Org.CreateUser(ctx, org.System(), org.UserInput{Username: username, DisplayName: name,
		UnitID: fs.unitID(t, firstBranch), Password: org.DemoPassword, Roles: []org.Grant{{Role: org.RoleLearner}}})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// feedbackSend posts a message as c through the API, with files as a
// multipart form; it returns the status and the author's view.
func (c *client) feedbackSend(unitID int64, category, body string, anonymous bool, files map[string][]byte) (int, feedback.Message) {
	c.t.Helper()
	st, data := c.feedbackSendRaw(unitID, category, body, anonymous, files)
	var m feedback.Message
	if st == http.StatusCreated {
		if err := jsonUnmarshal(data, &m); err != nil {
			c.t.Fatal(err)
		}
	}
	return st, m
}

// feedbackSendRaw is feedbackSend answering the body as it came.
func (c *client) feedbackSendRaw(unitID int64, category, body string, anonymous bool, files map[string][]byte) (int, []byte) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("unit_id", fmt.Sprint(unitID))
	_ = mw.WriteField("category", category)
	_ = mw.WriteField("body", body)
	_ = mw.WriteField("anonymous", fmt.Sprint(anonymous))
	for name, data := range files {
		w, _ := mw.CreateFormFile("files", name)
		_, _ = w.Write(data)
	}
	_ = mw.Close()
	st, data, _ := c.raw("POST", "/api/v1/feedback", mw.FormDataContentType(), &buf)
	return st, data
}

package web

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"lms/internal/app/apptest"
	"lms/internal/db"
	"lms/internal/testenv"
	"lms/org"
)

// dbProxy stands between the server and PostgreSQL so a test can take the
// database away (and bring it back) without touching the shared cluster.
type dbProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
}

func newDBProxy(t *testing.T, target string) *dbProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dbProxy{ln: ln, target: target}
	go p.serve()
	t.Cleanup(p.stop)
	return p
}

func (p *dbProxy) serve() {
	for {
		in, err := p.ln.Accept()
		if err != nil {
			return
		}
		out, err := net.Dial("tcp", p.target)
		if err != nil {
			in.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, in, out)
		p.mu.Unlock()
		go func() { _, _ = io.Copy(out, in); out.Close() }()
		go func() { _, _ = io.Copy(in, out); in.Close() }()
	}
}

// stop refuses new connections and breaks the open ones: PostgreSQL is down.
func (p *dbProxy) stop() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// While PostgreSQL is away, pages and the API answer 503 with Retry-After,
// not 500; the player and reader then keep what was played.
func TestDatabaseOutageIs503(t *testing.T) {
	dbURL, err := url.Parse(testenv.DatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	proxy := newDBProxy(t, dbURL.Host)
	dbURL.Host = proxy.ln.Addr().String()
	pool, err := db.Open(context.Background(), dbURL.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	a, srv := appServer(t, apptest.Options{Pool: pool}, nil)
	hs := serve(t, srv)
	ts := &testServer{Server: hs, App: a, Org: a.Org, Course: a.Course}
	learner := ts.login(t, "demo_learner")
	proxy.stop()
	time.Sleep(100 * time.Millisecond)
	for _, path := range []string{"/api/v1/me/courses", "/learn", "/catalogue", "/api/v1/courses"} {
		req, _ := http.NewRequest("GET", hs.URL+path, nil)
		resp, err := learner.http.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
			t.Errorf("GET %s with the database down: %d, Retry-After %q", path, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	var e apiError
	if st := ts.client(t).do("POST", "/api/v1/auth/login", map[string]string{"username": "demo_learner", "password": org.DemoPassword}, &e); st != 503 || e.Error.Code != "unavailable" {
		t.Errorf("login with the database down: %d %+v", st, e)
	}
}

package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lms/internal/testenv"
)

func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// stackEnv is the test stack's settings with a fresh database.
func stackEnv(t *testing.T) map[string]string {
	s3 := testenv.S3Config(t)
	return map[string]string{
		"LMS_DATABASE_URL": testenv.DatabaseURL(t), "LMS_S3_ENDPOINT": s3.Endpoint,
		"LMS_S3_ACCESS_KEY": s3.AccessKey, "LMS_S3_SECRET_KEY": s3.SecretKey, "LMS_S3_BUCKET": s3.Bucket,
		"LMS_SECRET_KEY": strings.Repeat("s", 40), "LMS_LISTEN": "127.0.0.1:0", "LMS_LOG_LEVEL": "warn",
		"LMS_DATA_DIR": t.TempDir(), // each test its own embedded search index
	}
}

func TestBadSettingsFailWithOneLine(t *testing.T) {
	t.Parallel()
	cases := map[string]map[string]string{
		"LMS_S3_TLS":       {"LMS_S3_TLS": "maybe"},
		"LMS_LOG_LEVEL":    {"LMS_LOG_LEVEL": "loud"},
		"LMS_SESSION_IDLE": {"LMS_SESSION_IDLE": "forever"},
		"LMS_BASE_URL":     {"LMS_BASE_URL": "ftp://x"},
		"LMS_DATABASE_URL": {"LMS_DATABASE_URL": "mysql://x"},
		"LMS_SECRET_KEY":   {"LMS_SECRET_KEY": "short"},
		"LMS_SMTP_TLS":     {"LMS_SMTP_ADDR": "smtp.example.com:25", "LMS_SMTP_FROM": "noreply@example.com", "LMS_SMTP_TLS": "ssl"},
		"LMS_SMTP_USER":    {"LMS_SMTP_ADDR": "smtp.example.com:25", "LMS_SMTP_FROM": "noreply@example.com", "LMS_SMTP_TLS": "none", "LMS_SMTP_USER": "u"},
		"LMS_SMTP_FROM":    {"LMS_SMTP_ADDR": "smtp.example.com:25"},
	}
	for name, env := range cases {
		code, _, errOut := run(t, env, "serve")
		if code != 1 || !strings.Contains(errOut, name) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%s: exit %d, %q", name, code, errOut)
		}
	}
	code, _, errOut := run(t, map[string]string{"LMS_DATABASE_URL": "postgres://lms@127.0.0.1:1/lms"}, "migrate", "status")
	if code != 1 || !strings.Contains(errOut, "cannot reach PostgreSQL") || strings.Contains(errOut, "goroutine") {
		t.Errorf("unreachable database: %d %q", code, errOut)
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	if code, _, errOut := run(t, nil, "--help"); code != 2 || !strings.Contains(errOut, "LMS_DATABASE_URL") {
		t.Errorf("usage: %d %s", code, errOut)
	}
	for _, args := range [][]string{{"serve", "--help"}, {"worker", "--help"}, {"migrate", "--help"}, {"seed", "--help"},
		{"user", "add", "--help"}, {"user", "token", "--help"}, {"import", "--help"}} {
		if code, _, errOut := run(t, nil, args...); code != 0 || !strings.Contains(errOut, "usage: lms") {
			t.Errorf("%v: %d %s", args, code, errOut)
		}
	}
	if code, _, _ := run(t, nil, "frobnicate"); code != 2 {
		t.Error("unknown command")
	}
}

func TestCommands(t *testing.T) {
	t.Parallel()
	env := stackEnv(t)
	if code, out, errOut := run(t, env, "migrate", "status"); code != 0 || !strings.Contains(out, "00001_org.sql") {
		t.Fatalf("status: %d %s %s", code, out, errOut)
	}
	if code, out, errOut := run(t, env, "seed", "demo"); code != 0 || !strings.Contains(out, "demo_admin") {
		t.Fatalf("seed: %d %s %s", code, out, errOut)
	}
	code, _, errOut := run(t, env, "user", "add", "--username=cli_user", "--name=命令行", "--unit=示范能源集团/集团机关党委", "--role=trainer", "--password=Cli2026pass")
	if code != 0 {
		t.Fatalf("user add: %s", errOut)
	}
	if code, out, _ := run(t, env, "user", "list", "--q=cli_"); code != 0 || !strings.Contains(out, "命令行") || !strings.Contains(out, "trainer") {
		t.Errorf("user list: %s", out)
	}
	if code, out, _ := run(t, env, "user", "token", "cli_user"); code != 0 || !strings.HasPrefix(out, "lms_") {
		t.Errorf("token: %s", out)
	}
	if code, _, _ := run(t, env, "user", "passwd", "cli_user", "--password=Cli2026new"); code != 0 {
		t.Error("passwd")
	}
	file := filepath.Join(t.TempDir(), "roster.csv")
	os.WriteFile(file, []byte("账号,姓名,组织\nimp_1,导入,示范能源集团/华南分公司党委\nimp_2,导入,示范能源集团/无此组织\n"), 0o600)
	code, out, errOut := run(t, env, "import", "users", file)
	if code != 1 || !strings.Contains(out, "row 3") || !strings.Contains(errOut, "nothing was written") {
		t.Errorf("bad import: %d %s %s", code, out, errOut)
	}
	os.WriteFile(file, []byte("账号,姓名,组织\nimp_1,导入,示范能源集团/华南分公司党委\n"), 0o600)
	if code, out, _ := run(t, env, "import", "users", file); code != 0 || !strings.Contains(out, "1 new") || !strings.Contains(out, "initial password") {
		t.Errorf("import: %d %s", code, out)
	}
}

// Serve starts on :0, answers, and shuts down cleanly when its context ends.
func TestServeAndGracefulShutdown(t *testing.T) {
	t.Parallel()
	env := stackEnv(t)
	if code, _, errOut := run(t, env, "migrate", "up"); code != 0 {
		t.Fatal(errOut)
	}
	cfg, err := LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	e := &Env{Config: cfg, Out: io.Discard, Err: io.Discard, Log: newLogger(cfg, io.Discard)}
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, e, 2, func(a string) { addr <- a }) }()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	for _, path := range []string{"/healthz", "/readyz", "/login"} {
		resp, err := http.Get(base + path)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %v %v", path, err, resp)
		}
		resp.Body.Close()
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("shutdown: %v", err)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("shutdown hung")
	}
}

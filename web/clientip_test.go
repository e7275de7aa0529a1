package web

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"lms/org"
)

// loginFrom posts a login with the given X-Forwarded-For header (none when
// empty) and returns the status.
func loginFrom(t *testing.T, base, username, password, xff string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/api/v1/auth/login",
		strings.NewReader(fmt.Sprintf(`{"username":%q,"password":%q}`, username, password)))
	req.Header.Set("Content-Type", "application/json")
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// auditIPs are the addresses of the failed logins in the audit log.
func auditIPs(t *testing.T, ts *testServer) []string {
	t.Helper()
	page, err := ts.Org.Audit(t.Context(), org.System(), "login.failed", 1)
	if err != nil {
		t.Fatal(err)
	}
	var ips []string
	for _, e := range page.Events {
		ips = append(ips, e.IP)
	}
	return ips
}

// A client that is not a trusted proxy cannot choose its address: a new
// forged X-Forwarded-For on each attempt neither resets the per-address
// limit nor reaches the audit log.
func TestForgedForwardedForIgnored(t *testing.T) {
	ts := newTestServer(t)
	for i := range 50 {
		xff := fmt.Sprintf("203.0.113.%d", i+1)
		if st := loginFrom(t, ts.URL, fmt.Sprintf("nobody_%02d", i), "Wrong2026!", xff); st != 401 {
			t.Fatalf("attempt %d: %d", i, st)
		}
	}
	if st := loginFrom(t, ts.URL, "demo_learner", org.DemoPassword, "198.51.100.9"); st != 429 {
		t.Errorf("51st attempt from the same peer with a fresh forged header: %d, want 429", st)
	}
	for _, ip := range auditIPs(t, ts) {
		if ip != "127.0.0.1" {
			t.Fatalf("audit log recorded a forged address %q", ip)
		}
	}
}

// Behind a trusted proxy the client's address comes from its header: the
// nearest address that is not itself a trusted proxy.
func TestTrustedProxyForwardedFor(t *testing.T) {
	_, loopback, _ := net.ParseCIDR("127.0.0.1/32")
	ts := newTestServerWith(t, func(d *Deps) { d.TrustedProxies = []*net.IPNet{loopback} })
	loginFrom(t, ts.URL, "demo_learner", "Wrong2026!", "192.0.2.1, 203.0.113.7")
	loginFromRealIP(t, ts.URL, "203.0.113.8")
	ips := auditIPs(t, ts)
	if len(ips) != 2 || ips[0] != "203.0.113.8" || ips[1] != "203.0.113.7" {
		t.Errorf("audited addresses behind a trusted proxy: %v", ips)
	}
}

func loginFromRealIP(t *testing.T, base, ip string) {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/api/v1/auth/login",
		strings.NewReader(`{"username":"demo_learner","password":"Wrong2026!"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Real-IP", ip)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// Ten wrong passwords from one address lock that address out of the
// account, not the account's owner signing in from another.
func TestAttackerCannotLockOwnerOut(t *testing.T) {
	_, loopback, _ := net.ParseCIDR("127.0.0.1/32")
	ts := newTestServerWith(t, func(d *Deps) { d.TrustedProxies = []*net.IPNet{loopback} })
	for i := range 10 {
		if st := loginFrom(t, ts.URL, "demo_learner", "Wrong2026!", "203.0.113.66"); st != 401 {
			t.Fatalf("attempt %d: %d", i, st)
		}
	}
	if st := loginFrom(t, ts.URL, "demo_learner", org.DemoPassword, "203.0.113.66"); st != 429 {
		t.Errorf("the attacker's address after 10 failures: %d, want 429", st)
	}
	if st := loginFrom(t, ts.URL, "demo_learner", org.DemoPassword, "198.51.100.20"); st != 200 {
		t.Errorf("the owner from another address: %d, want 200", st)
	}
}

package org

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"lms/internal/apperr"
)

func TestPasswordHash(t *testing.T) {
	h := HashPassword("Secret123")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash parameters: %s", h)
	}
	if !CheckPassword(h, "Secret123") || CheckPassword(h, "Secret124") || CheckPassword("garbage", "x") {
		t.Error("check")
	}
	if h == HashPassword("Secret123") {
		t.Error("salt not random")
	}
	for _, bad := range []string{"short1", "onlyletters", "12345678", "abc\x01defg1"} {
		if ValidatePassword(bad) == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestLoginFailures(t *testing.T) {
	f := newFixture(t)
	cases := map[string]struct{ user, pw, code string }{
		"wrong password": {"demo_learner", "Wrong2026!", "bad_login"},
		"unknown user":   {"nobody", DemoPassword, "bad_login"},
		"too long":       {strings.Repeat("a", 65), DemoPassword, "bad_login"},
		"control char":   {"demo\x00learner", DemoPassword, "bad_login"},
	}
	for name, c := range cases {
		_, _, err := f.svc.Login(f.ctx, c.user, c.pw, "10.0.0.1", "")
		var ae *apperr.Error
		if !asErr(err, &ae) || ae.Code != c.code {
			t.Errorf("%s: %v", name, err)
		}
	}
	u := f.user("hb1_02")
	admin := f.actor("demo_admin")
	if _, err := f.svc.UpdateUser(f.ctx, admin, u.ID, UserPatch{Disabled: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Login(f.ctx, "hb1_02", DemoPassword, "10.0.0.1", ""); !apperr.Is(err, apperr.Unauthorized) {
		t.Errorf("disabled user logged in: %v", err)
	}
	page, err := f.svc.Audit(f.ctx, admin, "login.failed", 1)
	if err != nil || len(page.Events) < 4 {
		t.Errorf("failed logins not audited: %d %v", len(page.Events), err)
	}
}

// Past ten failures in a quarter hour from one address, even the right
// password is refused there without being checked; the owner, from another
// address, still signs in.
func TestLoginThrottle(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < maxPairFailures; i++ {
		if _, _, err := f.svc.Login(f.ctx, "demo_learner", "Wrong2026!", "10.0.0.2", ""); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	if _, _, err := f.svc.Login(f.ctx, "demo_learner", DemoPassword, "10.0.0.2", ""); err != ErrThrottled {
		t.Fatalf("11th attempt from the attacker's address: %v", err)
	}
	// The owner, elsewhere, is not locked out by the attacker's failures.
	if _, _, err := f.svc.Login(f.ctx, "demo_learner", DemoPassword, "10.0.0.3", ""); err != nil {
		t.Fatalf("owner from another address: %v", err)
	}
	// The owner's success does not lift the attacker's lock.
	if _, _, err := f.svc.Login(f.ctx, "demo_learner", DemoPassword, "10.0.0.2", ""); err != ErrThrottled {
		t.Fatalf("attacker's address after the owner signed in: %v", err)
	}
	// Another account from the same address is not locked out by this one.
	if _, _, err := f.svc.Login(f.ctx, "demo_trainer", DemoPassword, "10.0.0.2", ""); err != nil {
		t.Fatalf("other account: %v", err)
	}
	// The window passes: the address may try again.
	f.svc.now = func() time.Time { return time.Now().Add(throttleWindow + time.Second) }
	if _, _, err := f.svc.Login(f.ctx, "demo_learner", DemoPassword, "10.0.0.2", ""); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

// Guesses spread over many addresses, each under its own limit, still stop
// at 100 an hour for the account: then no address gets a password check
// until the hour has passed.
func TestLoginAccountCap(t *testing.T) {
	f := newFixture(t)
	for i := 0; i < maxAccountChecks; i++ {
		ip := fmt.Sprintf("10.1.%d.%d", i/maxPairFailures, i%maxPairFailures)
		if _, _, err := f.svc.Login(f.ctx, "demo_learner", "Wrong2026!", ip, ""); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	if _, _, err := f.svc.Login(f.ctx, "demo_learner", "Wrong2026!", "10.2.0.1", ""); err != ErrThrottled {
		t.Fatalf("guess %d from a fresh address: %v", maxAccountChecks+1, err)
	}
	f.svc.now = func() time.Time { return time.Now().Add(accountWindow - time.Minute) }
	if _, _, err := f.svc.Login(f.ctx, "demo_learner", DemoPassword, "10.2.0.2", ""); err != ErrThrottled {
		t.Fatalf("within the hour: %v", err)
	}
	f.svc.now = func() time.Time { return time.Now().Add(accountWindow + time.Second) }
	if _, _, err := f.svc.Login(f.ctx, "demo_learner", DemoPassword, "10.2.0.2", ""); err != nil {
		t.Fatalf("after the hour: %v", err)
	}
}

func TestSessionLifetime(t *testing.T) {
	f := newFixture(t)
	token, _, err := f.svc.Login(f.ctx, "demo_learner", DemoPassword, "10.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	if a, err := f.svc.SessionActor(f.ctx, token); err != nil || a.Username != "demo_learner" {
		t.Fatalf("session: %v %v", a, err)
	}
	var n int
	f.svc.db.QueryRow(f.ctx, `SELECT count(*) FROM sessions WHERE token_hash = $1`, []byte(token)).Scan(&n)
	if n != 0 {
		t.Error("session token stored in clear")
	}
	f.svc.now = func() time.Time { return time.Now().Add(f.svc.SessionIdle + time.Minute) }
	if _, err := f.svc.SessionActor(f.ctx, token); err != ErrNoSession {
		t.Errorf("idle session still valid: %v", err)
	}
	// The expired session was removed, so it stays dead when time is back.
	f.svc.now = time.Now
	if _, err := f.svc.SessionActor(f.ctx, token); err != ErrNoSession {
		t.Errorf("expired session came back: %v", err)
	}
	token, _, _ = f.svc.Login(f.ctx, "demo_learner", DemoPassword, "10.0.0.1", "")
	f.svc.now = func() time.Time { return time.Now().Add(f.svc.SessionMax + time.Minute) }
	if _, err := f.svc.SessionActor(f.ctx, token); err != ErrNoSession {
		t.Errorf("session past absolute limit: %v", err)
	}
}

func TestPasswordChangeEndsEverySession(t *testing.T) {
	f := newFixture(t)
	t1, a, _ := f.svc.Login(f.ctx, "demo_learner", DemoPassword, "10.0.0.1", "phone")
	t2, _, _ := f.svc.Login(f.ctx, "demo_learner", DemoPassword, "10.0.0.2", "laptop")
	if err := f.svc.ChangeOwnPassword(f.ctx, a, "wrong", "NewPass2026"); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("wrong current password: %v", err)
	}
	if err := f.svc.ChangeOwnPassword(f.ctx, a, DemoPassword, "NewPass2026"); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{t1, t2} {
		if _, err := f.svc.SessionActor(f.ctx, tok); err != ErrNoSession {
			t.Errorf("session survived password change: %v", err)
		}
	}
	if _, _, err := f.svc.Login(f.ctx, "demo_learner", "NewPass2026", "10.0.0.1", ""); err != nil {
		t.Errorf("new password: %v", err)
	}
}

func TestAdminResetForcesChange(t *testing.T) {
	f := newFixture(t)
	admin := f.actor("demo_admin")
	u := f.user("hb1_03")
	tok, _, _ := f.svc.Login(f.ctx, "hb1_03", DemoPassword, "10.0.0.1", "")
	if _, err := f.svc.UpdateUser(f.ctx, admin, u.ID, UserPatch{Password: ptr("Reset2026x")}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SessionActor(f.ctx, tok); err != ErrNoSession {
		t.Error("session survived reset")
	}
	_, a, err := f.svc.Login(f.ctx, "hb1_03", "Reset2026x", "10.0.0.1", "")
	if err != nil || !a.MustChangePassword {
		t.Errorf("reset password: %v must_change=%v", err, a != nil && a.MustChangePassword)
	}
	page, _ := f.svc.Audit(f.ctx, admin, "user.password_reset", 1)
	if len(page.Events) != 1 || page.Events[0].TargetUserID != u.ID {
		t.Errorf("reset not audited: %+v", page.Events)
	}
}

func TestAPIToken(t *testing.T) {
	f := newFixture(t)
	u := f.user("demo_trainer")
	tok, err := f.svc.CreateAPIToken(f.ctx, System(), u.ID, "script")
	if err != nil {
		t.Fatal(err)
	}
	a, err := f.svc.TokenActor(f.ctx, tok)
	if err != nil || a.UserID != u.ID {
		t.Fatalf("token actor: %v %v", a, err)
	}
	if _, err := f.svc.TokenActor(f.ctx, tok+"x"); !apperr.Is(err, apperr.Unauthorized) {
		t.Errorf("forged token: %v", err)
	}
	if _, err := f.svc.UpdateUser(f.ctx, System(), u.ID, UserPatch{Disabled: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.TokenActor(f.ctx, tok); err != ErrNoSession {
		t.Errorf("disabled user's token: %v", err)
	}
}

func TestRoleChangeAudited(t *testing.T) {
	f := newFixture(t)
	admin := f.actor("demo_admin")
	u := f.user("hb2_01")
	scope := f.unit("第二党支部")
	got, err := f.svc.UpdateUser(f.ctx, admin, u.ID, UserPatch{Roles: &[]Grant{{Role: RoleLearner}, {Role: RoleCommittee, ScopeUnitID: scope.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	if !got.Has(RoleCommittee) || got.Roles[0].ScopeName != "第二党支部" && got.Roles[1].ScopeName != "第二党支部" {
		t.Errorf("roles: %+v", got.Roles)
	}
	page, _ := f.svc.Audit(f.ctx, admin, "user.roles", 1)
	if len(page.Events) != 1 {
		t.Errorf("role change not audited")
	}
	if _, err := f.svc.UpdateUser(f.ctx, admin, u.ID, UserPatch{Roles: &[]Grant{{Role: "root"}}}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("unknown role: %v", err)
	}
	if _, err := f.svc.UpdateUser(f.ctx, admin, u.ID, UserPatch{Roles: &[]Grant{{Role: RoleAdmin}}}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("admin without scope: %v", err)
	}
}

func asErr(err error, target **apperr.Error) bool {
	e, ok := err.(*apperr.Error)
	*target = e
	return ok
}

package org

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

// Login throttling, counted on failures:
//   - one account from one address: 10 a quarter hour, so a guesser is
//     stopped there while the owner, from elsewhere, still signs in;
//   - one address over all accounts: 50 a quarter hour;
//   - one account over all addresses: 100 an hour, however many addresses
//     a guesser spreads over. A success clears only its own address's count:
//     the owner signing in must not hand the guesser a fresh hour.
//
// Past a limit the password is not even checked.
const (
	throttleWindow     = 15 * time.Minute
	maxPairFailures    = 10
	maxAddressFailures = 50
	accountWindow      = time.Hour
	maxAccountChecks   = 100
)

// throttleKeys are the keys under which one attempt's failure is counted.
type throttleKeys struct{ account, address, pair string }

func keysFor(username, ip string) throttleKeys {
	account := "user:" + strings.ToLower(username)
	return throttleKeys{account: account, address: "ip:" + ip, pair: account + "|ip:" + ip}
}

// ErrBadLogin is what every failed login looks like from outside: it never
// tells an unknown account from a wrong password.
var ErrBadLogin = apperr.New(apperr.Unauthorized, "bad_login", "账号或密码错误")

// ErrThrottled answers logins after too many failures.
var ErrThrottled = apperr.New(apperr.TooMany, "too_many_attempts", "登录失败次数过多，请 15 分钟后再试")

// Login checks a password and opens a session, returning its secret token.
func (s *Service) Login(ctx context.Context, username, password, ip, userAgent string) (string, *Actor, error) {
	username = strings.TrimSpace(username)
	if ValidateUsername(username) != nil {
		// Never a real account: note the attempt, quoted so that control
		// characters cannot reach the log, and check nothing.
		username = strconv.Quote(truncate(username, 64))
		return "", nil, s.loginFailed(ctx, nil, username, ip, keysFor(username, ip), "invalid_username")
	}
	keys := keysFor(username, ip)
	if err := s.checkThrottle(ctx, keys); err != nil {
		return "", nil, err
	}
	u, hash, err := userWithHash(ctx, s.db, username)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return "", nil, err
	}
	if u == nil {
		CheckPassword(dummyHash, password)
		return "", nil, s.loginFailed(ctx, nil, username, ip, keys, "unknown_user")
	}
	if !CheckPassword(hash, password) {
		return "", nil, s.loginFailed(ctx, u, username, ip, keys, "wrong_password")
	}
	if u.Disabled {
		return "", nil, s.loginFailed(ctx, u, username, ip, keys, "disabled")
	}
	token, err := s.openSession(ctx, u, keys.pair, ip, userAgent)
	if err != nil {
		return "", nil, err
	}
	return token, actorFromUser(u), nil
}

func (s *Service) checkThrottle(ctx context.Context, k throttleKeys) error {
	now := s.now()
	n, err := countFailures(ctx, s.db, k, now.Add(-throttleWindow), now.Add(-accountWindow))
	if err != nil {
		return err
	}
	if n.pair >= maxPairFailures || n.address >= maxAddressFailures || n.account >= maxAccountChecks {
		return ErrThrottled
	}
	return nil
}

func (s *Service) loginFailed(ctx context.Context, u *User, username, ip string, k throttleKeys, reason string) error {
	ev := AuditEvent{Action: "login.failed", IP: ip, Detail: map[string]any{"username": username, "reason": reason}}
	if u != nil {
		ev.TargetUserID, ev.UnitPath = u.ID, u.UnitPath
	}
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := recordFailure(ctx, tx, k, s.now()); err != nil {
			return err
		}
		return insertAudit(ctx, tx, ev)
	})
	if err != nil {
		return err
	}
	if reason == "disabled" {
		return apperr.New(apperr.Unauthorized, "disabled", "账号已停用，请联系管理员")
	}
	return ErrBadLogin
}

func (s *Service) openSession(ctx context.Context, u *User, pairKey, ip, userAgent string) (string, error) {
	token := newToken("")
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := insertSession(ctx, tx, hashToken(token), u.ID, ip, truncate(userAgent, 300)); err != nil {
			return err
		}
		if err := clearFailures(ctx, tx, pairKey); err != nil {
			return err
		}
		return insertAudit(ctx, tx, AuditEvent{ActorID: u.ID, Action: "login", TargetUserID: u.ID, UnitPath: u.UnitPath, IP: ip})
	})
	return token, err
}

// ErrNoSession means the session is unknown, expired or its user disabled.
var ErrNoSession = apperr.New(apperr.Unauthorized, "unauthenticated", "请先登录")

// SessionActor returns who owns a session token, ending it when it has been
// idle too long or lived past its absolute limit.
func (s *Service) SessionActor(ctx context.Context, token string) (*Actor, error) {
	h := hashToken(token)
	if a := s.cache.get("s"+string(h), s.now()); a != nil {
		return a, nil
	}
	created, seen, userID, err := getSession(ctx, s.db, h)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if now.Sub(seen) > s.SessionIdle || now.Sub(created) > s.SessionMax {
		_ = deleteSession(ctx, s.db, h)
		return nil, ErrNoSession
	}
	if now.Sub(seen) > time.Minute {
		if err := touchSession(ctx, s.db, h); err != nil {
			return nil, err
		}
	}
	a, err := s.activeActor(ctx, userID)
	if err == nil {
		s.cache.put("s"+string(h), a, now)
	}
	return a, err
}

func (s *Service) activeActor(ctx context.Context, userID int64) (*Actor, error) {
	u, err := getUser(ctx, s.db, userID)
	if apperr.Is(err, apperr.NotFound) || err == nil && u.Disabled {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, err
	}
	return actorFromUser(u), nil
}

// Logout ends one session.
func (s *Service) Logout(ctx context.Context, a *Actor, token, ip string) error {
	s.cache.forget("s" + string(hashToken(token)))
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := deleteSession(ctx, tx, hashToken(token)); err != nil {
			return err
		}
		return insertAudit(ctx, tx, AuditEvent{ActorID: a.UserID, Action: "logout", TargetUserID: a.UserID, UnitPath: a.UnitPath, IP: ip})
	})
}

// TokenActor returns the owner of a personal API token.
func (s *Service) TokenActor(ctx context.Context, token string) (*Actor, error) {
	h := hashToken(token)
	key := "t" + string(h)
	if a := s.cache.get(key, s.now()); a != nil {
		return a, nil
	}
	userID, err := useAPIToken(ctx, s.db, h)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.New(apperr.Unauthorized, "bad_token", "API 令牌无效")
	}
	if err != nil {
		return nil, err
	}
	a, err := s.activeActor(ctx, userID)
	if err == nil {
		s.cache.put(key, a, s.now())
	}
	return a, err
}

// CreateAPIToken issues a personal token for scripts; only its hash is kept,
// so it is shown once.
func (s *Service) CreateAPIToken(ctx context.Context, a *Actor, userID int64, name string) (string, error) {
	u, err := getUser(ctx, s.db, userID)
	if err != nil {
		return "", err
	}
	if a.UserID != userID && !s.Policy.CanManageUser(a, u.UnitPath) {
		return "", apperr.NotFoundf("用户不存在")
	}
	token := newToken("lms_")
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := insertAPIToken(ctx, tx, userID, truncate(name, 100), hashToken(token)); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "token.create", userID, u.UnitPath, map[string]any{"name": name})
	})
	return token, err
}

func actorFromUser(u *User) *Actor {
	return &Actor{
		UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName,
		UnitID: u.UnitID, UnitPath: u.UnitPath, Grants: u.Roles,
		MustChangePassword: u.MustChangePassword, User: u,
	}
}

func newToken(prefix string) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

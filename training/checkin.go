package training

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/url"
	"time"

	"lms/internal/apperr"
	"lms/org"
)

// A check-in code is an HMAC of the session and a 30-second window. The
// head teacher's screen shows a new one each window; a scan is accepted in
// its own window and the next (so a code scanned as it changes still
// counts), never later: a screenshot forwarded home goes stale within a
// minute, and no one can make a code without the server's key.
const codeWindow = 30 * time.Second

// CheckinGrace is how long after a session starts a check-in is on time.
const CheckinGrace = 10 * time.Minute

// checkinEarly is how long before a session starts check-in opens.
const checkinEarly = 30 * time.Minute

func windowOf(t time.Time) int64 { return t.Unix() / int64(codeWindow/time.Second) }

func (s *Service) sign(sessionID, w int64) string {
	mac := hmac.New(sha256.New, s.Secret)
	fmt.Fprintf(mac, "training-checkin:%d:%d", sessionID, w)
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])
}

// Code is what the head teacher's screen shows now.
type Code struct {
	Path      string    `json:"path"` // /training/checkin?s=…&w=…&t=…
	ExpiresAt time.Time `json:"expires_at"`
}

// CheckinCode returns the current code of a session to its class's managers.
func (s *Service) CheckinCode(ctx context.Context, a *org.Actor, sessionID int64) (*Code, error) {
	ss, err := s.managedSession(ctx, a, sessionID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	w := windowOf(now)
	q := url.Values{"s": {fmt.Sprint(ss.ID)}, "w": {fmt.Sprint(w)}, "t": {s.sign(ss.ID, w)}}
	return &Code{Path: "/training/checkin?" + q.Encode(), ExpiresAt: time.Unix((w+1)*int64(codeWindow/time.Second), 0)}, nil
}

func (s *Service) managedSession(ctx context.Context, a *org.Actor, sessionID int64) (*Session, error) {
	ss, err := getSession(ctx, s.db, sessionID)
	if err != nil {
		return nil, err
	}
	if _, err := s.managed(ctx, a, ss.ClassID); err != nil {
		return nil, err
	}
	return ss, nil
}

// Checkin is one person's presence at a session.
type Checkin struct {
	SessionID int64     `json:"session_id"`
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"`
	At        time.Time `json:"at"`
	Late      bool      `json:"late"`
	Present   bool      `json:"present"`
}

// Scan checks the signed-in learner in with a scanned code. A forged or
// stale code, a session of a class one is not in, or a scan outside the
// session's time is refused, and nothing is recorded.
func (s *Service) Scan(ctx context.Context, a *org.Actor, sessionID, w int64, token string) (*Checkin, error) {
	now := s.now()
	if !hmac.Equal([]byte(token), []byte(s.sign(sessionID, w))) || len(s.Secret) == 0 {
		return nil, apperr.Invalidf("签到码无效，请扫描现场屏幕上的二维码")
	}
	if cur := windowOf(now); w != cur && w != cur-1 {
		return nil, apperr.Invalidf("签到码已过期，请扫描现场屏幕上的最新二维码")
	}
	ss, err := getSession(ctx, s.db, sessionID)
	if err != nil {
		return nil, err
	}
	if err := s.mayCheckIn(ctx, a.UserID, ss, now); err != nil {
		return nil, err
	}
	ck := &Checkin{SessionID: ss.ID, UserID: a.UserID, At: now, Late: now.After(ss.StartsAt.Add(CheckinGrace)), Present: true}
	return ck, insertCheckin(ctx, s.db, ck, 0)
}

func (s *Service) mayCheckIn(ctx context.Context, userID int64, ss *Session, now time.Time) error {
	c, err := s.loadClass(ctx, ss.ClassID)
	if err != nil {
		return err
	}
	member, err := isMember(ctx, s.db, c.ID, userID)
	switch {
	case err != nil:
		return err
	case !member:
		return apperr.Forbiddenf("您不在本班名单中，不能签到")
	case c.State != StateOpen:
		return apperr.Conflictf("培训班已结班，不能再签到")
	case now.Before(ss.StartsAt.Add(-checkinEarly)) || now.After(ss.EndsAt):
		return apperr.Invalidf("不在签到时间内（开始前 30 分钟至结束）")
	}
	return nil
}

// Mark is the head teacher ticking people off (or un-ticking them).
func (s *Service) Mark(ctx context.Context, a *org.Actor, sessionID int64, userIDs []int64, present bool) error {
	ss, err := s.managedSession(ctx, a, sessionID)
	if err != nil {
		return err
	}
	c, err := s.loadClass(ctx, ss.ClassID)
	if err != nil {
		return err
	}
	if c.State != StateOpen {
		return apperr.Conflictf("培训班已结班，考勤不能再变")
	}
	outside, err := notMembers(ctx, s.db, c.ID, userIDs)
	if err != nil {
		return err
	}
	if len(outside) > 0 {
		return apperr.Invalidf("用户 %v 不在本班名单中", outside[:min(len(outside), 10)])
	}
	return markCheckins(ctx, s.db, ss.ID, userIDs, present, a.UserID)
}

// Attendance lists every member's presence at a session; the absent are
// those not present once the session has ended.
func (s *Service) Attendance(ctx context.Context, a *org.Actor, sessionID int64) ([]Checkin, error) {
	ss, err := s.managedSession(ctx, a, sessionID)
	if err != nil {
		return nil, err
	}
	list, err := sessionAttendance(ctx, s.db, ss)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(list))
	for i, c := range list {
		ids[i] = c.UserID
	}
	names, err := s.People.Names(ctx, ids)
	for i := range list {
		list[i].Name = names[list[i].UserID]
	}
	return list, err
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

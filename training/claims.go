package training

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// Rule caps the hours one claim of a kind may ask: per session, per day
// of its dates, or per item.
type Rule struct {
	Kind  string  `json:"kind"`
	Label string  `json:"label"`
	Per   string  `json:"per"`
	Cap   float64 `json:"cap"`
}

// Claim asks for offline 学时 the platform did not see.
type Claim struct {
	ID        int64       `json:"id"`
	UserID    int64       `json:"user_id"`
	Name      string      `json:"name"`
	UnitPath  string      `json:"-"`
	Kind      string      `json:"kind"`
	Title     string      `json:"title"`
	Organiser string      `json:"organiser"`
	StartsOn  time.Time   `json:"starts_on"`
	EndsOn    time.Time   `json:"ends_on"`
	Sessions  int         `json:"sessions"`
	Hours     float64     `json:"hours"`
	Granted   *float64    `json:"granted"`
	State     string      `json:"state"`
	Reason    string      `json:"reason"`
	DecidedBy *int64      `json:"decided_by"`
	DecidedAt *time.Time  `json:"decided_at"`
	CreatedAt time.Time   `json:"created_at"`
	Files     []ClaimFile `json:"files"`
}

// ClaimFile is one evidence file of a claim, kept in the object store.
type ClaimFile struct {
	ObjectKey string `json:"key"`
	Filename  string `json:"filename"`
	Size      int64  `json:"size"`
}

// ClaimInput is what a learner fills in.
type ClaimInput struct {
	Kind      string  `json:"kind"`
	Title     string  `json:"title"`
	Organiser string  `json:"organiser"`
	StartsOn  string  `json:"starts_on"`
	EndsOn    string  `json:"ends_on"`
	Sessions  int     `json:"sessions"`
	Hours     float64 `json:"hours"`
}

// maxHours is what a claim may ask under its rule.
func (r Rule) maxHours(from, to time.Time, sessions int) (float64, string) {
	switch r.Per {
	case "session":
		return r.Cap * float64(sessions), fmt.Sprintf("每次 %g 学时 × %d 次", r.Cap, sessions)
	case "day":
		days := int(to.Sub(from).Hours()/24) + 1
		return r.Cap * float64(days), fmt.Sprintf("每天 %g 学时 × %d 天", r.Cap, days)
	}
	return r.Cap, fmt.Sprintf("每项 %g 学时", r.Cap)
}

func (s *Service) checkClaim(ctx context.Context, in *ClaimInput) (*Claim, error) {
	rule, err := ruleOf(ctx, s.db, in.Kind)
	if err != nil {
		return nil, err
	}
	var e1, e2 error
	in.Title, e1 = cleanText("学习内容", in.Title, 200, true)
	in.Organiser, e2 = cleanText("组织单位", in.Organiser, 100, true)
	if err := firstErr(e1, e2); err != nil {
		return nil, err
	}
	from, to, err := parseSpan(in.StartsOn, in.EndsOn)
	if err != nil {
		return nil, err
	}
	in.Sessions = max(in.Sessions, 1)
	limit, how := rule.maxHours(from, to, in.Sessions)
	switch {
	case in.Hours <= 0 || math.IsNaN(in.Hours):
		return nil, apperr.Invalidf("申报学时须大于 0")
	case in.Hours > limit:
		return nil, apperr.Invalidf("%s最多可申报 %g 学时（%s），您申报了 %g 学时", rule.Label, limit, how, in.Hours)
	case in.Sessions > 366:
		return nil, apperr.Invalidf("次数过多")
	}
	return &Claim{Kind: in.Kind, Title: in.Title, Organiser: in.Organiser, StartsOn: from, EndsOn: to,
		Sessions: in.Sessions, Hours: in.Hours}, nil
}

// ClaimDecision is the committee's answer: approve (possibly fewer
// hours, with a reason) or reject (with a reason).
type ClaimDecision struct {
	Approve bool    `json:"approve"`
	Hours   float64 `json:"hours"` // 0: as claimed
	Reason  string  `json:"reason"`
}

// DecideClaim approves, reduces or rejects a pending claim. Only the
// committee or an admin over the claimant's unit may, never the claimant;
// approved hours enter the ledger under the claim's kind.
func (s *Service) DecideClaim(ctx context.Context, a *org.Actor, id int64, d ClaimDecision) (*Claim, error) {
	var out *Claim
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		cl, err := lockClaim(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.mayDecide(a, cl); err != nil {
			return err
		}
		if err := d.check(cl); err != nil {
			return err
		}
		if err := decideClaim(ctx, tx, cl, d, a.UserID); err != nil {
			return err
		}
		out = cl
		return s.creditClaim(ctx, tx, cl, d)
	})
	return out, err
}

func (s *Service) mayDecide(a *org.Actor, cl *Claim) error {
	switch {
	case a.UserID == cl.UserID && !a.System:
		return apperr.Forbiddenf("不能审核自己的学时申报")
	case !s.decidesClaim(a, cl):
		return apperr.NotFoundf("学时申报不存在")
	case cl.State != "pending":
		return apperr.Conflictf("该申报已审核，不能再次审核")
	}
	return nil
}

func (d *ClaimDecision) check(cl *Claim) error {
	var err error
	if d.Approve && d.Hours == 0 {
		d.Hours = cl.Hours
	}
	needReason := !d.Approve || d.Hours < cl.Hours
	if d.Reason, err = cleanText("理由", d.Reason, 500, needReason); err != nil {
		return apperr.Invalidf("不通过或核减学时须填写理由")
	}
	if d.Approve && (d.Hours <= 0 || d.Hours > cl.Hours) {
		return apperr.Invalidf("核定学时须大于 0 且不超过申报的 %g 学时", cl.Hours)
	}
	return nil
}

func (s *Service) creditClaim(ctx context.Context, tx pgx.Tx, cl *Claim, d ClaimDecision) error {
	if !d.Approve {
		return nil
	}
	rule, err := ruleOf(ctx, tx, cl.Kind)
	if err != nil {
		return err
	}
	_, err = s.Ledger.CreditOther(ctx, tx, []Credit{{UserID: cl.UserID, Kind: cl.Kind, RefID: cl.ID,
		Title: rule.Label + "：" + cl.Title, Year: yearOf(cl.EndsOn), Hours: d.Hours, On: s.now().In(shanghai)}})
	return err
}

// Rules lists the caps on offline hours.
func (s *Service) Rules(ctx context.Context) ([]Rule, error) { return listRules(ctx, s.db) }

// SetRule changes the cap of a kind; admins only.
func (s *Service) SetRule(ctx context.Context, a *org.Actor, kind string, cap float64) error {
	if !s.editsRules(a) {
		return apperr.Forbiddenf("只有管理员可以修改学时认定规则")
	}
	if cap <= 0 || cap > 100 {
		return apperr.Invalidf("上限须在 0 到 100 学时之间")
	}
	return setRuleCap(ctx, s.db, kind, cap)
}

// GrantedHours is the hours approved, 0 before a decision.
func (c Claim) GrantedHours() float64 {
	if c.Granted == nil {
		return 0
	}
	return *c.Granted
}

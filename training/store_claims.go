package training

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

func ruleOf(ctx context.Context, q db.DBTX, kind string) (Rule, error) {
	rows, _ := q.Query(ctx, `SELECT kind, label, per, cap::float8 AS cap FROM credit_claim_rules WHERE kind = $1`, kind)
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Rule])
	if errors.Is(err, pgx.ErrNoRows) {
		return r, apperr.Invalidf("学时类型无效")
	}
	return r, err
}

func listRules(ctx context.Context, q db.DBTX) ([]Rule, error) {
	rows, _ := q.Query(ctx, `SELECT kind, label, per, cap::float8 AS cap FROM credit_claim_rules ORDER BY kind`)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Rule])
}

func setRuleCap(ctx context.Context, q db.DBTX, kind string, cap float64) error {
	tag, err := q.Exec(ctx, `UPDATE credit_claim_rules SET cap = $2 WHERE kind = $1`, kind, cap)
	if err == nil && tag.RowsAffected() == 0 {
		err = apperr.NotFoundf("学时类型不存在")
	}
	return err
}

func insertClaim(ctx context.Context, tx pgx.Tx, c *Claim) error {
	err := tx.QueryRow(ctx, `INSERT INTO credit_claims (user_id, unit_path, kind, title, organiser, starts_on, ends_on, sessions, hours)
		VALUES ($1, $2::ltree, $3, $4, $5, $6::date, $7::date, $8, $9) RETURNING id, created_at`,
		c.UserID, c.UnitPath, c.Kind, c.Title, c.Organiser, c.StartsOn.Format("2006-01-02"), c.EndsOn.Format("2006-01-02"),
		c.Sessions, c.Hours).Scan(&c.ID, &c.CreatedAt)
	if err != nil {
		return err
	}
	for _, f := range c.Files {
		if _, err := tx.Exec(ctx, `INSERT INTO credit_claim_files (claim_id, object_key, filename, size) VALUES ($1, $2, $3, $4)`,
			c.ID, f.ObjectKey, f.Filename, f.Size); err != nil {
			return err
		}
	}
	return nil
}

const claimCols = `c.id, c.user_id, '' AS name, c.unit_path::text AS unit_path, c.kind, c.title, c.organiser, c.starts_on,
	c.ends_on, c.sessions, c.hours::float8 AS hours, c.granted::float8 AS granted, c.state, c.reason, c.decided_by,
	c.decided_at, c.created_at,
	coalesce((SELECT jsonb_agg(jsonb_build_object('key', f.object_key, 'filename', f.filename, 'size', f.size)
	          ORDER BY f.object_key) FROM credit_claim_files f WHERE f.claim_id = c.id), '[]') AS files`

func getClaim(ctx context.Context, q db.DBTX, id int64) (*Claim, error) {
	rows, _ := q.Query(ctx, `SELECT `+claimCols+` FROM credit_claims c WHERE c.id = $1`, id)
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Claim])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.NotFoundf("学时申报不存在")
	}
	return c, err
}

func lockClaim(ctx context.Context, tx pgx.Tx, id int64) (*Claim, error) {
	if _, err := tx.Exec(ctx, `SELECT 1 FROM credit_claims WHERE id = $1 FOR UPDATE`, id); err != nil {
		return nil, err
	}
	return getClaim(ctx, tx, id)
}

func decideClaim(ctx context.Context, tx pgx.Tx, c *Claim, d ClaimDecision, by int64) error {
	state, granted := "rejected", (*float64)(nil)
	if d.Approve {
		state, granted = "approved", &d.Hours
	}
	c.State, c.Granted, c.Reason = state, granted, d.Reason
	_, err := tx.Exec(ctx, `UPDATE credit_claims SET state = $2, granted = $3, reason = $4, decided_by = $5, decided_at = now()
		WHERE id = $1`, c.ID, state, granted, d.Reason, by)
	return err
}

// listClaims: one person's (userID), or the pending ones of the scopes.
func listClaims(ctx context.Context, q db.DBTX, userID int64, scopes []string) ([]Claim, error) {
	rows, _ := q.Query(ctx, `SELECT `+claimCols+` FROM credit_claims c
		WHERE ($1 <> 0 AND c.user_id = $1) OR ($1 = 0 AND c.state = 'pending' AND c.unit_path <@ ANY($2::ltree[]))
		ORDER BY c.created_at DESC LIMIT 500`, userID, scopes)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Claim])
}

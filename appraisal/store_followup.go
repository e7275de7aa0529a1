package appraisal

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// FollowUp is the record of a 需约谈 target's talk and rectification.
type FollowUp struct {
	TargetID    int64      `json:"target_id"`
	TalkedOn    *time.Time `json:"talked_on"`
	Requirement string     `json:"requirement"`
	Progress    string     `json:"progress"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

func followUps(ctx context.Context, q db.DBTX, campaignID int64) (map[int64]FollowUp, error) {
	rows, _ := q.Query(ctx, `SELECT f.target_id, f.talked_on::timestamp AS talked_on, f.requirement, f.progress, f.updated_at
		FROM appraisal_followups f JOIN appraisal_targets t ON t.id = f.target_id WHERE t.campaign_id = $1`, campaignID)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[FollowUp])
	out := map[int64]FollowUp{}
	for _, f := range list {
		out[f.TargetID] = f
	}
	return out, err
}

func saveFollowUp(ctx context.Context, q db.DBTX, f FollowUp, by int64) error {
	_, err := q.Exec(ctx, `INSERT INTO appraisal_followups (target_id, talked_on, requirement, progress, updated_by)
		VALUES ($1, $2::date, $3, $4, $5) ON CONFLICT (target_id) DO UPDATE SET talked_on = excluded.talked_on,
		requirement = excluded.requirement, progress = excluded.progress, updated_by = excluded.updated_by,
		updated_at = now()`, f.TargetID, f.TalkedOn, f.Requirement, f.Progress, by)
	return err
}

// Template is a kept form, reused from year to year.
type Template struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	UnitPath string `json:"-"`
	Form     Form   `json:"form"`
}

func listTemplates(ctx context.Context, q db.DBTX) ([]Template, error) {
	rows, _ := q.Query(ctx, `SELECT id, name, unit_path::text AS unit_path, form FROM appraisal_templates ORDER BY id`)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Template])
}

func getTemplate(ctx context.Context, q db.DBTX, id int64) (*Template, error) {
	rows, _ := q.Query(ctx, `SELECT id, name, unit_path::text AS unit_path, form FROM appraisal_templates WHERE id = $1`, id)
	t, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Template])
	return t, db.NotFound(err, "评议模板")
}

func insertTemplate(ctx context.Context, q db.DBTX, t *Template, by int64) error {
	return q.QueryRow(ctx, `INSERT INTO appraisal_templates (name, unit_path, form, created_by)
		VALUES ($1, $2::ltree, $3, $4) RETURNING id`, t.Name, t.UnitPath, t.Form, by).Scan(&t.ID)
}

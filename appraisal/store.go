package appraisal

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

const campaignCols = `c.id, c.title, c.unit_path::text AS unit_path, c.form, c.opens_at, c.closes_at, c.closed,
	c.released, c.talk_dissatisfied::float8 AS talk_dissatisfied, c.talk_score::float8 AS talk_score,
	c.created_by, c.created_at`

func getCampaign(ctx context.Context, q db.DBTX, id int64) (*Campaign, error) {
	rows, _ := q.Query(ctx, `SELECT `+campaignCols+` FROM appraisal_campaigns c WHERE c.id = $1`, id)
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Campaign])
	return c, db.NotFound(err, "评议")
}

// listCampaigns: the campaigns over any of scopes, newest first.
func listCampaigns(ctx context.Context, q db.DBTX, scopes []string, all bool) ([]Campaign, error) {
	rows, _ := q.Query(ctx, `SELECT `+campaignCols+` FROM appraisal_campaigns c
		WHERE $1 OR c.unit_path <@ $2::ltree[] ORDER BY c.opens_at DESC, c.id DESC`, all, scopes)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Campaign])
}

func insertCampaign(ctx context.Context, q db.DBTX, c *Campaign) error {
	return q.QueryRow(ctx, `INSERT INTO appraisal_campaigns (title, unit_path, form, opens_at, closes_at,
		talk_dissatisfied, talk_score, created_by) VALUES ($1, $2::ltree, $3, $4, $5, $6, $7, $8)
		RETURNING id, created_at`, c.Title, c.UnitPath, c.Form, c.OpensAt, c.ClosesAt, c.TalkDissatisfied,
		c.TalkScore, c.CreatedBy).Scan(&c.ID, &c.CreatedAt)
}

// insertTargets writes the targets in one statement and gives each its id.
func insertTargets(ctx context.Context, q db.DBTX, campaignID int64, ts []Target) error {
	var users []*int64
	var names, unitNames, paths []string
	var units, asked []int64
	for _, t := range ts {
		users, names, units = append(users, t.UserID), append(names, t.Name), append(units, t.UnitID)
		asked = append(asked, int64(t.Asked))
		unitNames, paths = append(unitNames, t.UnitName), append(paths, t.UnitPath)
	}
	rows, _ := q.Query(ctx, `INSERT INTO appraisal_targets (campaign_id, user_id, name, unit_id, unit_name, unit_path, position, asked)
		SELECT $1, u, n, ui, un, p::ltree, o, a FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[],
		$7::bigint[]) WITH ORDINALITY AS x (u, n, ui, un, p, a, o) ORDER BY o RETURNING id, position`,
		campaignID, users, names, units, unitNames, paths, asked)
	ids, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]int64, error) {
		var v [2]int64
		return v, r.Scan(&v[0], &v[1])
	})
	for _, v := range ids {
		ts[v[1]-1].ID, ts[v[1]-1].CampaignID, ts[v[1]-1].Position = v[0], campaignID, int(v[1])
	}
	return err
}

// respondentRow is one person asked about one target.
type respondentRow struct {
	TargetID, UserID, UnitID int64
	UnitName                 string
}

func copyRespondents(ctx context.Context, q db.DBTX, campaignID int64, rs []respondentRow) error {
	_, err := q.CopyFrom(ctx, pgx.Identifier{"appraisal_respondents"},
		[]string{"target_id", "user_id", "campaign_id", "unit_id", "unit_name"},
		pgx.CopyFromSlice(len(rs), func(i int) ([]any, error) {
			r := rs[i]
			return []any{r.TargetID, r.UserID, campaignID, r.UnitID, r.UnitName}, nil
		}))
	return err
}

const targetCols = `t.id, t.campaign_id, t.user_id, t.name, t.unit_id, t.unit_name, t.unit_path::text AS unit_path, t.position, t.asked`

func listTargets(ctx context.Context, q db.DBTX, campaignID int64) ([]Target, error) {
	rows, _ := q.Query(ctx, `SELECT `+targetCols+` FROM appraisal_targets t WHERE t.campaign_id = $1
		ORDER BY t.position`, campaignID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Target])
}

func getTarget(ctx context.Context, q db.DBTX, campaignID, id int64) (*Target, error) {
	rows, _ := q.Query(ctx, `SELECT `+targetCols+` FROM appraisal_targets t WHERE t.campaign_id = $1 AND t.id = $2`,
		campaignID, id)
	t, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Target])
	return t, db.NotFound(err, "评议对象")
}

// markAnswered sets the respondent's record answered; false when there is
// no such record or it was answered already. It locks the record, so a
// second submission at the same moment waits and then finds it answered.
func markAnswered(ctx context.Context, tx pgx.Tx, targetID, userID int64) (bool, error) {
	tag, err := tx.Exec(ctx, `UPDATE appraisal_respondents SET answered = true
		WHERE target_id = $1 AND user_id = $2 AND NOT answered`, targetID, userID)
	return tag.RowsAffected() == 1, err
}

// respondentState: whether the person was asked about the target, and
// whether they answered.
func respondentState(ctx context.Context, q db.DBTX, targetID, userID int64) (asked, answered bool, err error) {
	err = q.QueryRow(ctx, `SELECT true, answered FROM appraisal_respondents WHERE target_id = $1 AND user_id = $2`,
		targetID, userID).Scan(&asked, &answered)
	if err == pgx.ErrNoRows {
		return false, false, nil
	}
	return asked, answered, err
}

// insertBallot writes a ballot: a random id, no time, no respondent.
func insertBallot(ctx context.Context, tx pgx.Tx, campaignID, targetID int64, steps []int, points []float64,
	score float64, b BallotInput) error {
	_, err := tx.Exec(ctx, `INSERT INTO appraisal_ballots (campaign_id, target_id, steps, points, score, grade, comment)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, campaignID, targetID, steps, points, score, b.Grade, b.Comment)
	return err
}

// closeCampaign marks it closed and rewrites its ballots with new random
// ids in random order: afterwards neither a ballot's place in the table
// nor the transaction that wrote it follows the order of the answers.
func closeCampaign(ctx context.Context, tx pgx.Tx, id int64) error {
	if _, err := tx.Exec(ctx, `UPDATE appraisal_campaigns SET closed = true WHERE id = $1`, id); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, `WITH gone AS (DELETE FROM appraisal_ballots WHERE campaign_id = $1 RETURNING *)
		INSERT INTO appraisal_ballots (campaign_id, target_id, steps, points, score, grade, comment)
		SELECT campaign_id, target_id, steps, points, score, grade, comment FROM gone ORDER BY random()`, id)
	return err
}

func setReleased(ctx context.Context, q db.DBTX, id int64, released bool) error {
	_, err := q.Exec(ctx, `UPDATE appraisal_campaigns SET released = $2 WHERE id = $1`, id, released)
	return err
}

func setThresholds(ctx context.Context, q db.DBTX, id int64, dissatisfied, score float64) error {
	_, err := q.Exec(ctx, `UPDATE appraisal_campaigns SET talk_dissatisfied = $2, talk_score = $3 WHERE id = $1`,
		id, dissatisfied, score)
	return err
}

// stillOpen checks, inside the submission, that the campaign was not
// closed meanwhile (Close takes the same row lock).
func stillOpen(ctx context.Context, tx pgx.Tx, id int64) error {
	var open bool
	err := tx.QueryRow(ctx, `SELECT NOT closed AND now() < closes_at FROM appraisal_campaigns WHERE id = $1 FOR SHARE`,
		id).Scan(&open)
	if err == nil && !open {
		return apperr.Conflictf("评议已结束，不能再提交")
	}
	return err
}

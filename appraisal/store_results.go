package appraisal

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// tally is one target's aggregate over its ballots.
type tally struct {
	TargetID int64
	Ballots  int
	Score    float64
	Grades   []int // count per grade
}

// tallies aggregates every target of a campaign in one grouped query over
// the ballots' index: no ballot leaves the database.
func tallies(ctx context.Context, q db.DBTX, campaignID int64) (map[int64]tally, error) {
	rows, _ := q.Query(ctx, `SELECT target_id, count(*)::int AS ballots, avg(score)::float8 AS score,
		ARRAY[count(*) FILTER (WHERE grade = 0), count(*) FILTER (WHERE grade = 1),
		      count(*) FILTER (WHERE grade = 2)]::int[] AS grades
		FROM appraisal_ballots WHERE campaign_id = $1 GROUP BY target_id`, campaignID)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[tally])
	out := make(map[int64]tally, len(list))
	for _, t := range list {
		out[t.TargetID] = t
	}
	return out, err
}

// stepCount is how many ballots chose a step for an indicator.
type stepCount struct {
	Indicator int
	Step      int
	Ballots   int
}

func stepCounts(ctx context.Context, q db.DBTX, campaignID, targetID int64) ([]stepCount, error) {
	rows, _ := q.Query(ctx, `SELECT (x.i - 1)::int AS indicator, x.s::int AS step, count(*)::int AS ballots
		FROM appraisal_ballots b, unnest(b.steps) WITH ORDINALITY AS x (s, i)
		WHERE b.campaign_id = $1 AND b.target_id = $2 GROUP BY 1, 2`, campaignID, targetID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[stepCount])
}

// comments returns the target's non-empty comments in random order.
func comments(ctx context.Context, q db.DBTX, campaignID, targetID int64) ([]string, error) {
	rows, _ := q.Query(ctx, `SELECT comment FROM appraisal_ballots WHERE campaign_id = $1 AND target_id = $2
		AND comment <> '' ORDER BY random()`, campaignID, targetID)
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// Rate is how many were asked and how many answered.
type Rate struct {
	TargetID int64  `json:"target_id,omitempty"`
	UnitID   int64  `json:"unit_id,omitempty"`
	UnitName string `json:"unit_name,omitempty"`
	Asked    int    `json:"asked"`
	Answered int    `json:"answered"`
}

func ratesByTarget(ctx context.Context, q db.DBTX, campaignID int64) ([]Rate, error) {
	rows, _ := q.Query(ctx, `SELECT target_id, 0::bigint AS unit_id, '' AS unit_name, count(*)::int AS asked,
		count(*) FILTER (WHERE answered)::int AS answered FROM appraisal_respondents WHERE campaign_id = $1
		GROUP BY target_id ORDER BY target_id`, campaignID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Rate])
}

func ratesByUnit(ctx context.Context, q db.DBTX, campaignID int64) ([]Rate, error) {
	rows, _ := q.Query(ctx, `SELECT 0::bigint AS target_id, unit_id, min(unit_name) AS unit_name, count(*)::int AS asked,
		count(*) FILTER (WHERE answered)::int AS answered FROM appraisal_respondents WHERE campaign_id = $1
		GROUP BY unit_id ORDER BY min(unit_name), unit_id`, campaignID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Rate])
}

// unanswered: the people with at least one target left to answer.
func unanswered(ctx context.Context, q db.DBTX, campaignID int64) ([]int64, error) {
	rows, _ := q.Query(ctx, `SELECT DISTINCT user_id FROM appraisal_respondents
		WHERE campaign_id = $1 AND NOT answered ORDER BY user_id`, campaignID)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// Assignment is one target a person was asked to rate.
type Assignment struct {
	CampaignID int64     `json:"campaign_id"`
	Title      string    `json:"title"`
	ClosesAt   time.Time `json:"closes_at"`
	OpensAt    time.Time `json:"opens_at"`
	Closed     bool      `json:"closed"`
	TargetID   int64     `json:"target_id"`
	TargetName string    `json:"target_name"`
	UnitName   string    `json:"unit_name"`
	Answered   bool      `json:"answered"`
}

func assignments(ctx context.Context, q db.DBTX, userID int64) ([]Assignment, error) {
	rows, _ := q.Query(ctx, `SELECT c.id AS campaign_id, c.title, c.closes_at, c.opens_at, c.closed,
		t.id AS target_id, t.name AS target_name, t.unit_name, r.answered
		FROM appraisal_respondents r JOIN appraisal_targets t ON t.id = r.target_id
		JOIN appraisal_campaigns c ON c.id = r.campaign_id
		WHERE r.user_id = $1 AND NOT c.closed AND c.closes_at > now()
		ORDER BY c.closes_at, t.position`, userID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Assignment])
}

// ownTargets: the released campaigns in which the person is a target.
func ownTargets(ctx context.Context, q db.DBTX, userID int64) ([]Assignment, error) {
	rows, _ := q.Query(ctx, `SELECT c.id AS campaign_id, c.title, c.closes_at, c.opens_at, c.closed,
		t.id AS target_id, t.name AS target_name, t.unit_name, false AS answered
		FROM appraisal_targets t JOIN appraisal_campaigns c ON c.id = t.campaign_id
		WHERE t.user_id = $1 AND c.released ORDER BY c.closes_at DESC`, userID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Assignment])
}

// allStepCounts is stepCounts for every target of a campaign at once.
func allStepCounts(ctx context.Context, q db.DBTX, campaignID int64) (map[int64][]stepCount, error) {
	rows, _ := q.Query(ctx, `SELECT b.target_id, (x.i - 1)::int AS indicator, x.s::int AS step, count(*)::int AS ballots
		FROM appraisal_ballots b, unnest(b.steps) WITH ORDINALITY AS x (s, i)
		WHERE b.campaign_id = $1 GROUP BY 1, 2, 3`, campaignID)
	out := map[int64][]stepCount{}
	var tid int64
	var sc stepCount
	_, err := pgx.ForEachRow(rows, []any{&tid, &sc.Indicator, &sc.Step, &sc.Ballots}, func() error {
		out[tid] = append(out[tid], sc)
		return nil
	})
	return out, err
}

// eachComment hands every non-empty comment of the campaign's targets in
// ids to fn, target by target, in random order within each.
func eachComment(ctx context.Context, q db.DBTX, campaignID int64, ids []int64, fn func(targetID int64, text string) error) error {
	rows, _ := q.Query(ctx, `SELECT target_id, comment FROM appraisal_ballots WHERE campaign_id = $1
		AND target_id = ANY($2) AND comment <> '' ORDER BY target_id, random()`, campaignID, ids)
	var tid int64
	var text string
	_, err := pgx.ForEachRow(rows, []any{&tid, &text}, func() error { return fn(tid, text) })
	return err
}

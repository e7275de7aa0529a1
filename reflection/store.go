package reflection

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

const reflectionCols = `id, course_id, user_id, unit_path::text AS unit_path, author_name, body, state,
	share_ok, shared, grade, comment, overlap::float8 AS overlap, flagged, match_kind, match_ref,
	saved_at, submitted_at, reviewed_at, reviewed_by`

func getRule(ctx context.Context, q db.DBTX, courseID int64) (*Rule, error) {
	rows, _ := q.Query(ctx, `SELECT course_id, min_chars, prompt, updated_at FROM reflection_rules
		WHERE course_id = $1`, courseID)
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Rule])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return r, err
}

func rulesOf(ctx context.Context, q db.DBTX) ([]Rule, error) {
	rows, _ := q.Query(ctx, `SELECT course_id, min_chars, prompt, updated_at FROM reflection_rules ORDER BY course_id`)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Rule])
}

func putRule(ctx context.Context, q db.DBTX, courseID int64, minChars int, prompt string, by int64) error {
	_, err := q.Exec(ctx, `INSERT INTO reflection_rules (course_id, min_chars, prompt, set_by) VALUES ($1, $2, $3, $4)
		ON CONFLICT (course_id) DO UPDATE SET min_chars = excluded.min_chars, prompt = excluded.prompt,
			set_by = excluded.set_by, updated_at = now()`, courseID, minChars, prompt, by)
	return err
}

func deleteRule(ctx context.Context, q db.DBTX, courseID int64) error {
	_, err := q.Exec(ctx, `DELETE FROM reflection_rules WHERE course_id = $1`, courseID)
	return err
}

// approvedFor reports whether the user has an approved reflection.
func approvedFor(ctx context.Context, q db.DBTX, userID, courseID int64) (bool, error) {
	var ok bool
	err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM reflections
		WHERE user_id = $1 AND course_id = $2 AND state = 'approved')`, userID, courseID).Scan(&ok)
	return ok, err
}

func getReflection(ctx context.Context, q db.DBTX, id int64) (*Reflection, error) {
	rows, _ := q.Query(ctx, `SELECT `+reflectionCols+` FROM reflections WHERE id = $1`, id)
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Reflection])
	return r, db.NotFound(err, "心得")
}

// lockReflection reads a reflection for change, holding its row.
func lockReflection(ctx context.Context, q db.DBTX, id int64) (*Reflection, error) {
	rows, _ := q.Query(ctx, `SELECT `+reflectionCols+` FROM reflections WHERE id = $1 FOR UPDATE`, id)
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Reflection])
	return r, db.NotFound(err, "心得")
}

// mine returns the user's reflection on the course, nil when none yet.
func mine(ctx context.Context, q db.DBTX, userID, courseID int64, lock bool) (*Reflection, error) {
	sql := `SELECT ` + reflectionCols + ` FROM reflections WHERE user_id = $1 AND course_id = $2`
	if lock {
		sql += ` FOR UPDATE`
	}
	rows, _ := q.Query(ctx, sql, userID, courseID)
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Reflection])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return r, err
}

// saveDraft writes the text of a draft or returned reflection; it
// reports false when the reflection is submitted or approved meanwhile.
func saveDraft(ctx context.Context, q db.DBTX, r *Reflection, now time.Time) (bool, error) {
	tag, err := q.Exec(ctx, `INSERT INTO reflections (course_id, user_id, unit_path, author_name, body, share_ok, saved_at)
		VALUES ($1, $2, $3::ltree, $4, $5, $6, $7)
		ON CONFLICT (user_id, course_id) DO UPDATE SET body = excluded.body, share_ok = excluded.share_ok,
			unit_path = excluded.unit_path, author_name = excluded.author_name, saved_at = excluded.saved_at
		WHERE reflections.state IN ('draft', 'returned')`,
		r.CourseID, r.UserID, r.UnitPath, r.AuthorName, r.Body, r.ShareOK, now)
	return tag.RowsAffected() == 1, err
}

func markSubmitted(ctx context.Context, q db.DBTX, r *Reflection, m match, now time.Time) error {
	_, err := q.Exec(ctx, `UPDATE reflections SET state = 'submitted', submitted_at = $2, overlap = $3,
		flagged = $4, match_kind = $5, match_ref = $6, grade = '', comment = '' WHERE id = $1`,
		r.ID, now, m.Share, m.Share >= FlagShare, m.Kind, m.Ref)
	return err
}

func markReviewed(ctx context.Context, q db.DBTX, id int64, state, grade, comment string, by int64, now time.Time) error {
	_, err := q.Exec(ctx, `UPDATE reflections SET state = $2, grade = $3, comment = $4, reviewed_by = $5,
		reviewed_at = $6 WHERE id = $1`, id, state, grade, comment, by, now)
	return err
}

func markShared(ctx context.Context, q db.DBTX, id int64) error {
	_, err := q.Exec(ctx, `UPDATE reflections SET shared = true, grade = '优秀' WHERE id = $1`, id)
	return err
}

func addEvent(ctx context.Context, q db.DBTX, id int64, e Event) (int64, error) {
	var eid int64
	err := q.QueryRow(ctx, `INSERT INTO reflection_events (reflection_id, actor_id, action, comment, grade, overlap, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, id, e.ActorID, e.Action, e.Comment, e.Grade, e.Overlap, e.At).Scan(&eid)
	return eid, err
}

func eventsOf(ctx context.Context, q db.DBTX, id int64) ([]Event, error) {
	rows, _ := q.Query(ctx, `SELECT id, actor_id, action, comment, grade, overlap::float8 AS overlap, at
		FROM reflection_events WHERE reflection_id = $1 ORDER BY id`, id)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Event])
}

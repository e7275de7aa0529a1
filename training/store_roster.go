package training

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"lms/internal/apperr"
	"lms/internal/db"
)

// rosterSQL is the class's members ($1): people of the assigned subtrees
// as they are now (org_members, org's published view), and those named,
// imported or approved.
const rosterSQL = `
	SELECT o.user_id FROM training_assign_units a
	JOIN org_members o ON o.unit_path <@ a.unit_path AND (a.rank = '' OR a.rank = o.rank)
	WHERE a.class_id = $1 AND NOT o.disabled
	UNION
	SELECT user_id FROM training_members WHERE class_id = $1 AND status = 'in'`

func isMember(ctx context.Context, q db.DBTX, classID, userID int64) (bool, error) {
	var in bool
	err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM (`+rosterSQL+`) r WHERE r.user_id = $2)`, classID, userID).Scan(&in)
	return in, err
}

func rosterCount(ctx context.Context, q db.DBTX, classID int64) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM (`+rosterSQL+`) r`, classID).Scan(&n)
	return n, err
}

func rosterIDs(ctx context.Context, q db.DBTX, classID int64) ([]int64, error) {
	rows, _ := q.Query(ctx, `SELECT user_id FROM (`+rosterSQL+`) r ORDER BY 1`, classID)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// rosterList: members first, then applications and the waiting list.
func rosterList(ctx context.Context, q db.DBTX, classID int64) ([]Member, error) {
	rows, _ := q.Query(ctx, `
		WITH r AS (`+rosterSQL+`)
		SELECT * FROM (
			SELECT r.user_id, '' AS name, coalesce(m.source, 'unit') AS source, 'in' AS status, coalesce(m.reason, '') AS reason,
			       coalesce(m.applied_at, now()) AS joined_at
			FROM r LEFT JOIN training_members m ON m.class_id = $1 AND m.user_id = r.user_id
			UNION ALL
			SELECT m.user_id, '', m.source, m.status, m.reason, m.applied_at FROM training_members m
			WHERE m.class_id = $1 AND m.status <> 'in' AND m.user_id NOT IN (SELECT user_id FROM r)) x
		ORDER BY status <> 'in', joined_at, user_id LIMIT 50000`, classID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Member])
}

func insertAssignUnits(ctx context.Context, q db.DBTX, classID int64, paths []string, rank string) error {
	_, err := q.Exec(ctx, `INSERT INTO training_assign_units (class_id, unit_path, rank)
		SELECT $1, unnest($2::text[])::ltree, $3 ON CONFLICT DO NOTHING`, classID, paths, rank)
	return err
}

// addMembers names people; an application or waiting place becomes a
// membership. It returns who was not in before.
func addMembers(ctx context.Context, tx pgx.Tx, classID int64, userIDs []int64, source string, by int64) ([]int64, error) {
	rows, _ := tx.Query(ctx, `
		INSERT INTO training_members AS m (class_id, user_id, source, status, decided_by, decided_at)
		SELECT $1, u, $3, 'in', $4, now() FROM unnest($2::bigint[]) AS u
		ON CONFLICT (class_id, user_id) DO UPDATE SET status = 'in', decided_by = $4, decided_at = now(), reason = ''
		WHERE m.status <> 'in'
		RETURNING user_id`, classID, userIDs, source, by)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

func outsideSubtree(ctx context.Context, q db.DBTX, path string, userIDs []int64) ([]int64, error) {
	rows, _ := q.Query(ctx, `
		SELECT u FROM unnest($2::bigint[]) AS u
		WHERE NOT EXISTS (SELECT 1 FROM org_members o WHERE o.user_id = u AND o.unit_path <@ $1::ltree AND NOT o.disabled)`,
		path, userIDs)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

func insertApplication(ctx context.Context, tx pgx.Tx, classID, userID int64, status string) error {
	_, err := tx.Exec(ctx, `INSERT INTO training_members (class_id, user_id, source, status) VALUES ($1, $2, 'apply', $3)`,
		classID, userID, status)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return apperr.Conflictf("您已报名本班，请等待审核")
	}
	return err
}

func decideApplication(ctx context.Context, tx pgx.Tx, classID, userID int64, status, reason string, by int64) error {
	tag, err := tx.Exec(ctx, `UPDATE training_members SET status = $3, reason = $4, decided_by = $5, decided_at = now()
		WHERE class_id = $1 AND user_id = $2 AND status IN ('applied', 'waiting')`, classID, userID, status, reason, by)
	if err == nil && tag.RowsAffected() == 0 {
		err = apperr.NotFoundf("没有待审核的报名")
	}
	return err
}

func applicationOf(ctx context.Context, q db.DBTX, classID, userID int64) (string, string, error) {
	var status, reason string
	err := q.QueryRow(ctx, `SELECT status, reason FROM training_members WHERE class_id = $1 AND user_id = $2`,
		classID, userID).Scan(&status, &reason)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", nil
	}
	return status, reason, err
}

// notMembers returns those of userIDs who are not in the class.
func notMembers(ctx context.Context, q db.DBTX, classID int64, userIDs []int64) ([]int64, error) {
	rows, _ := q.Query(ctx, `WITH r AS (`+rosterSQL+`)
		SELECT u FROM unnest($2::bigint[]) AS u WHERE u NOT IN (SELECT user_id FROM r)`, classID, userIDs)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

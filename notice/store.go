package notice

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// Units are org's published read model (org_unit_tree); a notice keeps
// unit ids and finds their paths when read, so a moved unit keeps its
// notices.
const noticeColumns = `n.id, n.title, n.body_html, t.path::text AS scope_path, n.scope_unit_id,
	t.name AS scope_name, n.unit_ids,
	coalesce((SELECT array_agg(u.path::text) FROM org_unit_tree u WHERE u.id = ANY(n.unit_ids)), '{}') AS unit_paths,
	n.roles, n.pinned, n.must_read, n.expires_at, n.state, n.created_by, n.created_at, n.published_at, n.withdrawn_at
	FROM notices n JOIN org_unit_tree t ON t.id = n.scope_unit_id`

// liveFor is the audience rule of policy.go in SQL, for the viewer whose
// unit path is $1 and roles $2, at the moment $3.
const liveFor = `n.state = 'published' AND (n.expires_at IS NULL OR n.expires_at > $3)
	AND t.path @> $1::ltree
	AND (n.unit_ids = '{}' OR EXISTS (SELECT 1 FROM org_unit_tree u WHERE u.id = ANY(n.unit_ids) AND u.path @> $1::ltree))
	AND (n.roles = '{}' OR n.roles && $2::text[])`

func insertNotice(ctx context.Context, q db.DBTX, in Input, by int64) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO notices (title, body_html, scope_unit_id, unit_ids, roles, pinned, must_read,
		expires_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		in.Title, in.BodyHTML, in.UnitID, nonNil(in.UnitIDs), nonNilS(in.Roles), in.Pinned, in.MustRead, in.ExpiresAt, by).Scan(&id)
	return id, err
}

func updateNotice(ctx context.Context, q db.DBTX, id int64, in Input) error {
	_, err := q.Exec(ctx, `UPDATE notices SET title = $2, body_html = $3, scope_unit_id = $4, unit_ids = $5, roles = $6,
		pinned = $7, must_read = $8, expires_at = $9, updated_at = now() WHERE id = $1`,
		id, in.Title, in.BodyHTML, in.UnitID, nonNil(in.UnitIDs), nonNilS(in.Roles), in.Pinned, in.MustRead, in.ExpiresAt)
	return err
}

// setState moves a notice from one state to another; false when it was
// not in the state from (another request moved it first).
func setState(ctx context.Context, q db.DBTX, id int64, from, to string) (bool, error) {
	tag, err := q.Exec(ctx, `UPDATE notices SET state = $3, updated_at = now(),
		published_at = CASE WHEN $3 = 'published' THEN now() ELSE published_at END,
		withdrawn_at = CASE WHEN $3 = 'withdrawn' THEN now() ELSE withdrawn_at END
		WHERE id = $1 AND state = $2`, id, from, to)
	return tag.RowsAffected() == 1, err
}

func getNotice(ctx context.Context, q db.DBTX, id int64) (*Notice, error) {
	rows, _ := q.Query(ctx, `SELECT `+noticeColumns+` WHERE n.id = $1`, id)
	n, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Notice])
	return n, db.NotFound(err, "通知")
}

// lockNotice is getNotice holding the row until the transaction ends.
func lockNotice(ctx context.Context, tx pgx.Tx, id int64) (*Notice, error) {
	var x int64
	if err := tx.QueryRow(ctx, `SELECT id FROM notices WHERE id = $1 FOR UPDATE`, id).Scan(&x); err != nil {
		return nil, db.NotFound(err, "通知")
	}
	return getNotice(ctx, tx, id)
}

const itemColumns = `n.id, n.title, t.name AS scope_name, n.pinned, n.must_read, n.state, n.published_at, n.expires_at`

// liveItems lists the live notices addressed to the viewer, pinned first,
// then the newest; read says whether the viewer opened each.
func liveItems(ctx context.Context, q db.DBTX, v Viewer, now time.Time, unreadOnly bool, limit, offset int) ([]Item, error) {
	rows, _ := q.Query(ctx, `SELECT `+itemColumns+`,
		EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = n.id AND r.user_id = $4) AS read
		FROM notices n JOIN org_unit_tree t ON t.id = n.scope_unit_id
		WHERE `+liveFor+` AND (NOT $5 OR NOT EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = n.id AND r.user_id = $4))
		ORDER BY n.pinned DESC, n.published_at DESC, n.id DESC LIMIT $6 OFFSET $7`,
		v.UnitPath, nonNilS(v.Roles), now, v.UserID, unreadOnly, limit, offset)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Item])
}

func countUnread(ctx context.Context, q db.DBTX, v Viewer, now time.Time) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM notices n JOIN org_unit_tree t ON t.id = n.scope_unit_id
		WHERE `+liveFor+` AND NOT EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = n.id AND r.user_id = $4)`,
		v.UnitPath, nonNilS(v.Roles), now, v.UserID).Scan(&n)
	return n, err
}

// managedItems lists the notices addressed inside the scopes, newest first.
func managedItems(ctx context.Context, q db.DBTX, scopes []string, all bool, limit, offset int) ([]Item, error) {
	rows, _ := q.Query(ctx, `SELECT `+itemColumns+`, false AS read
		FROM notices n JOIN org_unit_tree t ON t.id = n.scope_unit_id
		WHERE $1 OR t.path <@ $2::ltree[]
		ORDER BY n.id DESC LIMIT $3 OFFSET $4`, all, nonNilS(scopes), limit, offset)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Item])
}

func markRead(ctx context.Context, q db.DBTX, noticeID, userID int64) error {
	_, err := q.Exec(ctx, `INSERT INTO notice_reads (notice_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
		noticeID, userID)
	return err
}

func hasRead(ctx context.Context, q db.DBTX, noticeID, userID int64) (bool, error) {
	var ok bool
	err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM notice_reads WHERE notice_id = $1 AND user_id = $2)`,
		noticeID, userID).Scan(&ok)
	return ok, err
}

func unitsByID(ctx context.Context, q db.DBTX, ids []int64) ([]Unit, error) {
	rows, _ := q.Query(ctx, `SELECT id, name, path::text AS path FROM org_unit_tree WHERE id = ANY($1) ORDER BY path`, nonNil(ids))
	return pgx.CollectRows(rows, pgx.RowToStructByName[Unit])
}

func unitByPath(ctx context.Context, q db.DBTX, path string) (Unit, error) {
	rows, _ := q.Query(ctx, `SELECT id, name, path::text AS path FROM org_unit_tree WHERE path = $1::ltree`, path)
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Unit])
	return u, db.NotFound(err, "单位")
}

func nonNil(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

func nonNilS(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func publishedIDs(ctx context.Context, q db.DBTX) ([]int64, error) {
	rows, _ := q.Query(ctx, `SELECT id FROM notices WHERE state = 'published' ORDER BY id`)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// expiredBetween are the notices whose expiry fell in [from, to).
func expiredBetween(ctx context.Context, q db.DBTX, from, to time.Time) ([]int64, error) {
	rows, _ := q.Query(ctx, `SELECT id FROM notices WHERE state = 'published' AND expires_at >= $1 AND expires_at < $2`, from, to)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// noticesTitled counts the notices with the title (the demo seed's check).
func noticesTitled(ctx context.Context, q db.DBTX, title string) (n int, err error) {
	err = q.QueryRow(ctx, `SELECT count(*) FROM notices WHERE title = $1`, title).Scan(&n)
	return n, err
}

package notice

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// The audience of a notice inside the subtree at $2 (the notice's own
// subtree or a unit within it), from org's read models: org_members,
// org_member_roles. $1 is the notice, $3 the chosen units' paths and $4
// the chosen roles (empty: no narrowing), read beforehand so the planner
// sees constants. Nothing of it is stored; receipts are joined to it.
const audienceWhere = `m.unit_path <@ $2::ltree AND NOT m.disabled
	AND (cardinality($3::ltree[]) = 0 OR m.unit_path <@ $3::ltree[])
	AND (cardinality($4::text[]) = 0
	     OR EXISTS (SELECT 1 FROM org_member_roles x WHERE x.user_id = m.user_id AND x.role = ANY($4::text[])))`

// audienceArgs are $1 to $4 for the notice n under the subtree at.
func audienceArgs(n *Notice, at string) []any {
	return []any{n.ID, at, nonNilS(n.UnitPaths), nonNilS(n.Roles)}
}

// UnitStatus is the read status of one unit's subtree (Own: the people of
// the unit itself, not of the units below it).
type UnitStatus struct {
	UnitID   int64  `json:"unit_id"`
	Name     string `json:"name"`
	Own      bool   `json:"own"`
	Audience int    `json:"audience"`
	Read     int    `json:"read"`
	Unread   int    `json:"unread"`
}

// unitStatus groups the audience under at by at's child units: one pass
// over the subtree counting by unit id (hash joins, no per-row ltree
// work), then the few thousand units rolled up to at's children.
func unitStatus(ctx context.Context, q db.DBTX, n *Notice, at string) ([]UnitStatus, error) {
	rows, _ := q.Query(ctx, `WITH per AS (
		SELECT m.unit_id, count(*)::int AS audience, count(r.user_id)::int AS read
		FROM org_members m LEFT JOIN notice_reads r ON r.notice_id = $1 AND r.user_id = m.user_id
		WHERE `+audienceWhere+` GROUP BY m.unit_id),
	g AS (SELECT CASE WHEN nlevel(t.path) > nlevel($2::ltree) THEN subpath(t.path, 0, nlevel($2::ltree) + 1) ELSE t.path END AS path,
	             sum(per.audience)::int AS audience, sum(per.read)::int AS read
	      FROM per JOIN org_unit_tree t ON t.id = per.unit_id GROUP BY 1)
	SELECT t.id AS unit_id, t.name, g.path = $2::ltree AS own, g.audience, g.read, g.audience - g.read AS unread
	FROM g JOIN org_unit_tree t ON t.path = g.path
	ORDER BY own DESC, t.name`, audienceArgs(n, at)...)
	return pgx.CollectRows(rows, pgx.RowToStructByName[UnitStatus])
}

// Person is one member of the audience and whether they have read.
type Person struct {
	UserID      int64      `json:"user_id"`
	Username    string     `json:"username"`
	DisplayName string     `json:"display_name"`
	UnitName    string     `json:"unit_name"`
	ReadAt      *time.Time `json:"read_at"`
}

// people lists the audience under at; state "read" or "unread" narrows it.
func people(ctx context.Context, q db.DBTX, n *Notice, at, state string, limit, offset int) ([]Person, error) {
	rows, _ := q.Query(ctx, `SELECT m.user_id, nm.username, nm.display_name, t.name AS unit_name, r.read_at
	FROM org_members m JOIN org_member_names nm ON nm.user_id = m.user_id JOIN org_unit_tree t ON t.id = m.unit_id
	LEFT JOIN notice_reads r ON r.notice_id = $1 AND r.user_id = m.user_id
	WHERE `+audienceWhere+` AND ($5 = '' OR ($5 = 'read') = (r.user_id IS NOT NULL))
	ORDER BY m.unit_path, nm.display_name, m.user_id LIMIT $6 OFFSET $7`, append(audienceArgs(n, at), state, limit, offset)...)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Person])
}

// unreadIDs is everyone in the audience who has not read the notice.
func unreadIDs(ctx context.Context, q db.DBTX, n *Notice) ([]int64, error) {
	rows, _ := q.Query(ctx, `SELECT m.user_id FROM org_members m
	WHERE `+audienceWhere+` AND NOT EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = $1 AND r.user_id = m.user_id)
	ORDER BY m.user_id`, audienceArgs(n, n.ScopePath)...)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

package notice

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// The audience of a notice inside the subtree at $2 (the notice's own
// subtree or a unit within it), from org's read models: org_members,
// org_member_roles. $1 is the notice. Nothing of it is stored; receipts
// are joined to it.
const audienceCTE = `WITH nt AS (
	SELECT n.roles, coalesce((SELECT array_agg(u.path) FROM org_unit_tree u WHERE u.id = ANY(n.unit_ids)), '{}') AS paths
	FROM notices n WHERE n.id = $1),
aud AS (
	SELECT m.user_id, m.unit_id, m.unit_path FROM org_members m, nt
	WHERE m.unit_path <@ $2::ltree AND NOT m.disabled
	  AND (nt.paths = '{}' OR m.unit_path <@ nt.paths)
	  AND (nt.roles = '{}' OR EXISTS (SELECT 1 FROM org_member_roles r WHERE r.user_id = m.user_id AND r.role = ANY(nt.roles))))
`

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

// unitStatus groups the audience under at by at's child units, one
// indexed pass over the subtree.
func unitStatus(ctx context.Context, q db.DBTX, id int64, at string) ([]UnitStatus, error) {
	rows, _ := q.Query(ctx, audienceCTE+`,
	g AS (SELECT CASE WHEN nlevel(a.unit_path) > nlevel($2::ltree) THEN subpath(a.unit_path, 0, nlevel($2::ltree) + 1)
	                  ELSE a.unit_path END AS path,
	             count(*)::int AS audience, count(r.user_id)::int AS read
	      FROM aud a LEFT JOIN notice_reads r ON r.notice_id = $1 AND r.user_id = a.user_id GROUP BY 1)
	SELECT t.id AS unit_id, t.name, g.path = $2::ltree AS own, g.audience, g.read, g.audience - g.read AS unread
	FROM g JOIN org_unit_tree t ON t.path = g.path
	ORDER BY own DESC, t.name`, id, at)
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
func people(ctx context.Context, q db.DBTX, id int64, at, state string, limit, offset int) ([]Person, error) {
	rows, _ := q.Query(ctx, audienceCTE+`
	SELECT a.user_id, nm.username, nm.display_name, t.name AS unit_name, r.read_at
	FROM aud a JOIN org_member_names nm ON nm.user_id = a.user_id JOIN org_unit_tree t ON t.id = a.unit_id
	LEFT JOIN notice_reads r ON r.notice_id = $1 AND r.user_id = a.user_id
	WHERE $3 = '' OR ($3 = 'read') = (r.user_id IS NOT NULL)
	ORDER BY a.unit_path, nm.display_name, a.user_id LIMIT $4 OFFSET $5`, id, at, state, limit, offset)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Person])
}

// unreadIDs is everyone in the audience who has not read the notice.
func unreadIDs(ctx context.Context, q db.DBTX, id int64, at string) ([]int64, error) {
	rows, _ := q.Query(ctx, audienceCTE+`
	SELECT a.user_id FROM aud a WHERE NOT EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = $1 AND r.user_id = a.user_id)
	ORDER BY a.user_id`, id, at)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

package course

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
	"lms/org"
)

const courseSelect = `
	SELECT c.id, c.title, c.summary, c.cover_key, c.category, c.tags, c.hours::float8 AS hours, c.state,
	       c.open, c.unit_path::text AS unit_path, c.max_rate::float8 AS max_rate,
	       c.complete_pct::float8 AS complete_pct, c.presence_check, c.forbid_skip, c.created_by,
	       c.created_at, c.published_at,
	       coalesce((SELECT array_agg(o.user_id ORDER BY o.user_id) FROM course_owners o WHERE o.course_id = c.id), '{}') AS owner_ids
	FROM courses c`

func getCourse(ctx context.Context, q db.DBTX, id int64) (*Course, error) {
	rows, _ := q.Query(ctx, courseSelect+` WHERE c.id = $1`, id)
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Course])
	return c, db.NotFound(err, "课程")
}

func getCourses(ctx context.Context, q db.DBTX, ids []int64) ([]Course, error) {
	rows, _ := q.Query(ctx, courseSelect+` WHERE c.id = ANY($1)`, ids)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Course])
}

func insertCourse(ctx context.Context, q db.DBTX, a *org.Actor, title string) (int64, error) {
	path := a.UnitPath
	if path == "" {
		// The system actor (command line) files courses under the root.
		if err := q.QueryRow(ctx, `SELECT subpath(unit_path, 0, 1)::text FROM org_members LIMIT 1`).Scan(&path); err != nil {
			return 0, err
		}
	}
	var id int64
	err := q.QueryRow(ctx, `INSERT INTO courses (title, unit_path, created_by) VALUES ($1, $2::ltree, $3) RETURNING id`,
		title, path, a.UserID).Scan(&id)
	if err != nil {
		return 0, err
	}
	if a.UserID != 0 {
		_, err = q.Exec(ctx, `INSERT INTO course_owners (course_id, user_id) VALUES ($1, $2)`, id, a.UserID)
	}
	return id, err
}

func updateCourse(ctx context.Context, q db.DBTX, id int64, in CourseInput) error {
	_, err := q.Exec(ctx, `
		UPDATE courses SET
			title = coalesce($2, title), summary = coalesce($3, summary),
			category = coalesce($4, category), tags = coalesce($5, tags),
			hours = coalesce($6, hours), open = coalesce($7, open),
			max_rate = coalesce($8, max_rate), complete_pct = coalesce($9, complete_pct),
			presence_check = coalesce($10, presence_check), forbid_skip = coalesce($11, forbid_skip),
			updated_at = now()
		WHERE id = $1`, id, in.Title, in.Summary, in.Category, in.Tags, in.Hours, in.Open,
		in.MaxRate, in.CompletePct, in.PresenceCheck, in.ForbidSkip)
	return err
}

func setCourseState(ctx context.Context, q db.DBTX, id int64, state string) error {
	_, err := q.Exec(ctx, `
		UPDATE courses SET state = $2, updated_at = now(),
			published_at = CASE WHEN $2 = 'published' THEN coalesce(published_at, now()) ELSE published_at END
		WHERE id = $1`, id, state)
	return err
}

func setCover(ctx context.Context, q db.DBTX, id int64, key string) error {
	_, err := q.Exec(ctx, `UPDATE courses SET cover_key = $2, updated_at = now() WHERE id = $1`, id, key)
	return err
}

func countLessons(ctx context.Context, q db.DBTX, courseID int64) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT count(*) FROM lessons WHERE course_id = $1`, courseID).Scan(&n)
	return n, err
}

// CatalogueFilter selects published open courses, or one trainer's own.
type CatalogueFilter struct {
	Query    string
	Category string
	OwnerID  int64 // a trainer's own courses, any state
	Page     int
	PerPage  int
}

func listCourses(ctx context.Context, q db.DBTX, f CatalogueFilter) ([]Course, int64, error) {
	where := ` WHERE ($1::bigint = 0 AND c.state = 'published' AND c.open
	                 OR $1 <> 0 AND EXISTS (SELECT 1 FROM course_owners o WHERE o.course_id = c.id AND o.user_id = $1))
	             AND ($2 = '' OR c.title ILIKE '%' || $2 || '%' OR c.summary ILIKE '%' || $2 || '%' OR $2 = ANY(c.tags))
	             AND ($3 = '' OR c.category = $3)`
	var total int64
	if err := q.QueryRow(ctx, `SELECT count(*) FROM courses c`+where, f.OwnerID, f.Query, f.Category).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, _ := q.Query(ctx, courseSelect+where+` ORDER BY c.id DESC LIMIT $4 OFFSET $5`,
		f.OwnerID, f.Query, f.Category, f.PerPage, (f.Page-1)*f.PerPage)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Course])
	return list, total, err
}

func replaceOwners(ctx context.Context, q db.DBTX, courseID int64, userIDs []int64) error {
	if _, err := q.Exec(ctx, `DELETE FROM course_owners WHERE course_id = $1`, courseID); err != nil {
		return err
	}
	_, err := q.Exec(ctx, `INSERT INTO course_owners (course_id, user_id) SELECT $1, unnest($2::bigint[])
		ON CONFLICT DO NOTHING`, courseID, userIDs)
	return err
}

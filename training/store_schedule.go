package training

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

func insertClassCourse(ctx context.Context, q db.DBTX, classID int64, c CourseInfo, required bool) error {
	_, err := q.Exec(ctx, `INSERT INTO training_courses (class_id, course_id, title, hours, required)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (class_id, course_id) DO UPDATE SET required = excluded.required`,
		classID, c.ID, c.Title, c.Hours, required)
	return err
}

func classCourses(ctx context.Context, q db.DBTX, classID int64) ([]ClassCourse, error) {
	rows, _ := q.Query(ctx, `SELECT course_id, title, hours::float8 AS hours, required FROM training_courses
		WHERE class_id = $1 ORDER BY NOT required, title`, classID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[ClassCourse])
}

func insertSession(ctx context.Context, q db.DBTX, s *Session) error {
	return q.QueryRow(ctx, `INSERT INTO training_sessions (class_id, kind, title, starts_at, ends_at, place, hours)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		s.ClassID, s.Kind, s.Title, s.StartsAt, s.EndsAt, s.Place, s.Hours).Scan(&s.ID)
}

const sessionCols = `id, class_id, kind, title, starts_at, ends_at, place, hours::float8 AS hours`

func classSessions(ctx context.Context, q db.DBTX, classID int64) ([]Session, error) {
	rows, _ := q.Query(ctx, `SELECT `+sessionCols+` FROM training_sessions WHERE class_id = $1 ORDER BY starts_at`, classID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Session])
}

func getSession(ctx context.Context, q db.DBTX, id int64) (*Session, error) {
	rows, _ := q.Query(ctx, `SELECT `+sessionCols+` FROM training_sessions WHERE id = $1`, id)
	s, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Session])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.NotFoundf("活动不存在")
	}
	return s, err
}

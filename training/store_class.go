package training

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

const classCols = `c.id, c.unit_id, c.unit_path::text AS unit_path, c.name, c.kind, c.level, c.organiser,
	c.starts_on, c.ends_on, c.plan, c.capacity, c.hours::float8 AS hours, c.open_apply, c.quiz_id,
	c.min_attendance, c.state, c.closed_at, c.created_by, c.created_at,
	coalesce((SELECT array_agg(t.user_id ORDER BY t.user_id) FROM training_teachers t WHERE t.class_id = c.id), '{}') AS teacher_ids`

func insertClass(ctx context.Context, q db.DBTX, c *Class) error {
	return db.InTx(ctx, q, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO training_classes (unit_id, unit_path, name, kind, level, organiser, starts_on, ends_on, plan,
				capacity, hours, open_apply, quiz_id, min_attendance, created_by)
			VALUES ($1, $2::ltree, $3, $4, $5, $6, $7::date, $8::date, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			c.UnitID, c.UnitPath, c.Name, c.Kind, c.Level, c.Organiser, c.StartsOn.Format("2006-01-02"),
			c.EndsOn.Format("2006-01-02"), c.Plan, c.Capacity, c.Hours, c.OpenApply, c.QuizID, c.MinAttendance,
			c.CreatedBy).Scan(&c.ID)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO training_teachers (class_id, user_id)
			SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, c.ID, c.TeacherIDs)
		return err
	})
}

func getClass(ctx context.Context, q db.DBTX, id int64) (*Class, error) {
	rows, _ := q.Query(ctx, `SELECT `+classCols+` FROM training_classes c WHERE c.id = $1`, id)
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Class])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.NotFoundf("培训班不存在")
	}
	return c, err
}

// lockClass takes the class's row for the rest of tx, so that joins past
// capacity and a second close wait for the first and then see its result.
func lockClass(ctx context.Context, tx pgx.Tx, id int64) (*Class, error) {
	if _, err := tx.Exec(ctx, `SELECT 1 FROM training_classes WHERE id = $1 FOR UPDATE`, id); err != nil {
		return nil, err
	}
	return getClass(ctx, tx, id)
}

// listClasses: those the user is in or teaches, those of the scopes, and
// those open to application in the user's subtree.
func listClasses(ctx context.Context, q db.DBTX, userID int64, unitPath string, scopes []string, all bool) ([]Class, error) {
	rows, _ := q.Query(ctx, `SELECT `+classCols+` FROM training_classes c
		WHERE $4 OR c.unit_path <@ ANY($3::ltree[])
		   OR EXISTS (SELECT 1 FROM training_teachers t WHERE t.class_id = c.id AND t.user_id = $1)
		   OR EXISTS (SELECT 1 FROM training_members m WHERE m.class_id = c.id AND m.user_id = $1)
		   OR EXISTS (SELECT 1 FROM training_assign_units a JOIN org_members o ON o.user_id = $1
		              WHERE a.class_id = c.id AND o.unit_path <@ a.unit_path AND (a.rank = '' OR a.rank = o.rank))
		   OR c.open_apply AND $2 <> '' AND $2::ltree <@ c.unit_path
		ORDER BY c.starts_on DESC, c.id DESC LIMIT 200`, userID, unitPath, scopes, all)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Class])
}

// classesNamed counts the classes with the name (the demo seed's check).
func classesNamed(ctx context.Context, q db.DBTX, name string) (n int, err error) {
	err = q.QueryRow(ctx, `SELECT count(*) FROM training_classes WHERE name = $1`, name).Scan(&n)
	return n, err
}

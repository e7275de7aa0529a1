package reflection

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// replaceShingles stores the distinct shingle hashes of a submission in
// place of those of its previous submission.
func replaceShingles(ctx context.Context, q db.DBTX, courseID, id int64, hs []int32) error {
	if _, err := q.Exec(ctx, `DELETE FROM reflection_shingles WHERE reflection_id = $1`, id); err != nil {
		return err
	}
	rows := make([][]any, len(hs))
	for i, h := range hs {
		rows[i] = []any{courseID, h, id}
	}
	_, err := q.CopyFrom(ctx, pgx.Identifier{"reflection_shingles"}, []string{"course_id", "hash", "reflection_id"},
		pgx.CopyFromRows(rows))
	return err
}

// candidate is another submission sharing shingles with the one checked.
type candidate struct {
	ID     int64 `db:"reflection_id"`
	Shared int   `db:"shared"`
}

// nearest lists the other submissions of the course that share the most
// of the hashes hs, most first.
func nearest(ctx context.Context, q db.DBTX, courseID, self int64, hs []int32, limit int) ([]candidate, error) {
	// One index probe per hash: "hash = ANY($2)" may be planned as a scan
	// of the course's every shingle, each compared with the whole array.
	rows, _ := q.Query(ctx, `SELECT s.reflection_id, count(*)::int AS shared
		FROM unnest($2::int[]) AS q (h)
		JOIN reflection_shingles s ON s.course_id = $1 AND s.hash = q.h
		WHERE s.reflection_id <> $3
		GROUP BY s.reflection_id ORDER BY shared DESC, s.reflection_id LIMIT $4`, courseID, hs, self, limit)
	return pgx.CollectRows(rows, pgx.RowToStructByName[candidate])
}

func bodyOf(ctx context.Context, q db.DBTX, id int64) (string, error) {
	var body string
	err := q.QueryRow(ctx, `SELECT body FROM reflections WHERE id = $1`, id).Scan(&body)
	return body, db.NotFound(err, "心得")
}

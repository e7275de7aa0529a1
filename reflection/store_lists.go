package reflection

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// waiting lists submitted reflections in the subtrees or of the courses
// given (every one when all), flagged first, oldest first; never the
// reader's own.
func waiting(ctx context.Context, q db.DBTX, scopes []string, courseIDs []int64, all bool, self int64) ([]Reflection, error) {
	rows, _ := q.Query(ctx, `SELECT `+reflectionCols+` FROM reflections
		WHERE state = 'submitted' AND user_id <> $4
		  AND ($3 OR $1::ltree[] @> unit_path OR course_id = ANY($2))
		ORDER BY flagged DESC, submitted_at LIMIT 200`, scopes, courseIDs, all, self)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Reflection])
}

// sharedIn lists the reflections shared with a unit that holds path.
func sharedIn(ctx context.Context, q db.DBTX, path string) ([]Reflection, error) {
	rows, _ := q.Query(ctx, `SELECT `+reflectionCols+` FROM reflections
		WHERE shared AND unit_path @> $1::ltree ORDER BY reviewed_at DESC LIMIT 100`, path)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Reflection])
}

// ofUser lists the user's reflections by course.
func ofUser(ctx context.Context, q db.DBTX, userID int64) (map[int64]Reflection, error) {
	rows, _ := q.Query(ctx, `SELECT `+reflectionCols+` FROM reflections WHERE user_id = $1`, userID)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Reflection])
	out := make(map[int64]Reflection, len(list))
	for _, r := range list {
		out[r.CourseID] = r
	}
	return out, err
}

// UnitFigures are the reflection figures of the authors of one unit.
type UnitFigures struct {
	UnitPath  string `json:"-"`
	Submitted int    `json:"submitted"` // ever handed in
	Waiting   int    `json:"waiting"`   // submitted, not yet reviewed
	Approved  int    `json:"approved"`
	Returned  int    `json:"returned"` // returned and not yet resubmitted
	Flagged   int    `json:"flagged"`
}

func figuresUnder(ctx context.Context, q db.DBTX, path string, courseID int64) ([]UnitFigures, error) {
	rows, _ := q.Query(ctx, `SELECT unit_path::text AS unit_path,
			count(*) FILTER (WHERE submitted_at IS NOT NULL)::int AS submitted,
			count(*) FILTER (WHERE state = 'submitted')::int AS waiting,
			count(*) FILTER (WHERE state = 'approved')::int AS approved,
			count(*) FILTER (WHERE state = 'returned')::int AS returned,
			count(*) FILTER (WHERE flagged AND submitted_at IS NOT NULL)::int AS flagged
		FROM reflections WHERE unit_path <@ $1::ltree AND ($2 = 0 OR course_id = $2)
		GROUP BY unit_path ORDER BY unit_path`, path, courseID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[UnitFigures])
}

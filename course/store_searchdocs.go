package course

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

func collectIDs(rows pgx.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

func allCourseIDs(ctx context.Context, q db.DBTX) ([]int64, error) {
	return collectIDs(q.Query(ctx, `SELECT id FROM courses ORDER BY id`))
}

func allLessonIDs(ctx context.Context, q db.DBTX, videoOnly bool) ([]int64, error) {
	return collectIDs(q.Query(ctx, `SELECT id FROM lessons WHERE NOT $1 OR kind = 'video' ORDER BY id`, videoOnly))
}

func lessonIDsOfCourse(ctx context.Context, q db.DBTX, courseID int64) ([]int64, error) {
	return collectIDs(q.Query(ctx, `SELECT id FROM lessons WHERE course_id = $1 ORDER BY id`, courseID))
}

func lessonIDsOfAsset(ctx context.Context, q db.DBTX, assetID int64) ([]int64, error) {
	return collectIDs(q.Query(ctx, `SELECT id FROM lessons WHERE media_asset_id = $1 ORDER BY id`, assetID))
}

// studyingCourseIDs: enrolled, or covered by an assignment (someone added
// to a unit after it was assigned is enrolled only at their next visit).
func studyingCourseIDs(ctx context.Context, q db.DBTX, userID int64) ([]int64, error) {
	return collectIDs(q.Query(ctx, `
		SELECT course_id FROM enrollments WHERE user_id = $1
		UNION
		SELECT a.course_id FROM assignments a JOIN org_members m ON a.unit_path @> m.unit_path
		WHERE m.user_id = $1 AND NOT m.disabled
		UNION
		SELECT a.course_id FROM assignments a JOIN assignment_users au ON au.assignment_id = a.id
		WHERE au.user_id = $1
		ORDER BY 1`, userID))
}

// managingCourseIDs: owned, or filed in one of the scopes (committee and
// admin subtrees).
func managingCourseIDs(ctx context.Context, q db.DBTX, userID int64, scopes []string) ([]int64, error) {
	return collectIDs(q.Query(ctx, `
		SELECT course_id FROM course_owners WHERE user_id = $1
		UNION
		SELECT id FROM courses WHERE unit_path <@ $2::ltree[]
		ORDER BY 1`, userID, scopes))
}

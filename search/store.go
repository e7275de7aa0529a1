package search

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// Problem is an indexing problem a trainer can see and fix.
type Problem struct {
	Entity     string    `json:"entity" db:"entity"`
	CourseID   int64     `json:"course_id" db:"course_id"`
	LessonID   int64     `json:"lesson_id" db:"lesson_id"`
	OwnerIDs   []int64   `json:"-" db:"owner_ids"`
	Title      string    `json:"title" db:"title"`
	Reason     string    `json:"reason" db:"reason"`
	Detail     string    `json:"detail" db:"detail"`
	RecordedAt time.Time `json:"recorded_at" db:"recorded_at"`
}

func saveProblem(ctx context.Context, q db.DBTX, p Problem) error {
	if p.OwnerIDs == nil {
		p.OwnerIDs = []int64{}
	}
	_, err := q.Exec(ctx, `
		INSERT INTO search_problems (entity, course_id, lesson_id, owner_ids, title, reason, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (entity) DO UPDATE SET course_id = $2, lesson_id = $3, owner_ids = $4,
			title = $5, reason = $6, detail = $7, recorded_at = now()`,
		p.Entity, p.CourseID, p.LessonID, p.OwnerIDs, p.Title, p.Reason, p.Detail)
	return err
}

func clearProblem(ctx context.Context, q db.DBTX, entity string) error {
	_, err := q.Exec(ctx, `DELETE FROM search_problems WHERE entity = $1`, entity)
	return err
}

// listProblems returns the problems the filter lets a trainer see: all, or
// those of courses they manage or content they own.
func listProblems(ctx context.Context, q db.DBTX, f Filter, limit, offset int) ([]Problem, error) {
	if f.ManageIDs == nil {
		f.ManageIDs = []int64{}
	}
	rows, err := q.Query(ctx, `
		SELECT entity, course_id, lesson_id, owner_ids, title, reason, detail, recorded_at
		FROM search_problems
		WHERE $1 OR course_id = ANY($2) OR $3 = ANY(owner_ids)
		ORDER BY recorded_at DESC, entity
		LIMIT $4 OFFSET $5`, f.All, f.ManageIDs, f.UserID, limit, offset)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Problem])
}

package course

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

const lessonSelect = `
	SELECT id, course_id, chapter_id, title, kind, position, required, min_seconds, media_asset_id,
	       duration, doc_key, doc_name, doc_type, article_html
	FROM lessons`

func getLesson(ctx context.Context, q db.DBTX, id int64) (*Lesson, error) {
	rows, _ := q.Query(ctx, lessonSelect+` WHERE id = $1`, id)
	l, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Lesson])
	return l, db.NotFound(err, "课时")
}

func listLessons(ctx context.Context, q db.DBTX, courseID int64) ([]Lesson, error) {
	rows, _ := q.Query(ctx, lessonSelect+` WHERE course_id = $1 ORDER BY position, id`, courseID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Lesson])
}

func insertLesson(ctx context.Context, q db.DBTX, courseID, chapterID int64, in LessonInput) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `
		INSERT INTO lessons (course_id, chapter_id, title, kind, required, min_seconds, article_html, position)
		VALUES ($1, $2, $3, $4, coalesce($5, true), coalesce($6, 0), coalesce($7, ''),
		        (SELECT coalesce(max(position), 0) + 1 FROM lessons WHERE chapter_id = $2))
		RETURNING id`, courseID, chapterID, *in.Title, in.Kind, in.Required, in.MinSeconds, in.ArticleHTML).Scan(&id)
	return id, err
}

func updateLesson(ctx context.Context, q db.DBTX, id int64, in LessonInput) error {
	_, err := q.Exec(ctx, `
		UPDATE lessons SET title = coalesce($2, title), required = coalesce($3, required),
			min_seconds = coalesce($4, min_seconds), article_html = coalesce($5, article_html),
			chapter_id = coalesce($6, chapter_id)
		WHERE id = $1`, id, in.Title, in.Required, in.MinSeconds, in.ArticleHTML, in.ChapterID)
	return err
}

func setLessonMedia(ctx context.Context, q db.DBTX, id, assetID int64, duration float64) error {
	_, err := q.Exec(ctx, `UPDATE lessons SET media_asset_id = $2, duration = $3 WHERE id = $1`, id, assetID, duration)
	return err
}

func setLessonDoc(ctx context.Context, q db.DBTX, id int64, key, name, typ string) error {
	_, err := q.Exec(ctx, `UPDATE lessons SET doc_key = $2, doc_name = $3, doc_type = $4 WHERE id = $1`, id, key, name, typ)
	return err
}

func insertChapter(ctx context.Context, q db.DBTX, courseID int64, title string) (*Chapter, error) {
	ch := &Chapter{CourseID: courseID, Title: title}
	err := q.QueryRow(ctx, `
		INSERT INTO chapters (course_id, title, position)
		VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM chapters WHERE course_id = $1))
		RETURNING id, position`, courseID, title).Scan(&ch.ID, &ch.Position)
	return ch, err
}

func getChapter(ctx context.Context, q db.DBTX, id int64) (*Chapter, error) {
	rows, _ := q.Query(ctx, `SELECT id, course_id, title, position FROM chapters WHERE id = $1`, id)
	ch, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByNameLax[Chapter])
	return ch, db.NotFound(err, "章节")
}

func lastChapter(ctx context.Context, q db.DBTX, courseID int64) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM chapters WHERE course_id = $1
		AND position = (SELECT max(position) FROM chapters WHERE course_id = $1)`, courseID).Scan(&id)
	return id, err
}

func listChapters(ctx context.Context, q db.DBTX, courseID int64) ([]Chapter, error) {
	rows, _ := q.Query(ctx, `SELECT id, course_id, title, position FROM chapters WHERE course_id = $1 ORDER BY position, id`, courseID)
	return pgx.CollectRows(rows, pgx.RowToStructByNameLax[Chapter])
}

func placeChapter(ctx context.Context, q db.DBTX, courseID, id int64, pos int) error {
	_, err := q.Exec(ctx, `UPDATE chapters SET position = $3 WHERE id = $2 AND course_id = $1`, courseID, id, pos)
	return err
}

func placeLesson(ctx context.Context, q db.DBTX, courseID, id, chapterID int64, pos int) error {
	_, err := q.Exec(ctx, `UPDATE lessons SET position = $4, chapter_id = $3
		WHERE id = $2 AND course_id = $1 AND EXISTS (SELECT 1 FROM chapters WHERE id = $3 AND course_id = $1)`,
		courseID, id, chapterID, pos)
	return err
}

// lessonsOfAsset lists the lessons that play a media asset.
func lessonsOfAsset(ctx context.Context, q db.DBTX, assetID int64) ([]int64, error) {
	rows, _ := q.Query(ctx, `SELECT id FROM lessons WHERE media_asset_id = $1`, assetID)
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

func setDurationForAsset(ctx context.Context, q db.DBTX, assetID int64, duration float64) error {
	_, err := q.Exec(ctx, `UPDATE lessons SET duration = $2 WHERE media_asset_id = $1`, assetID, duration)
	return err
}

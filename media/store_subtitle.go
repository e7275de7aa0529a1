package media

import (
	"context"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

func upsertSubtitle(ctx context.Context, q db.DBTX, s *Subtitle, text string) error {
	_, err := q.Exec(ctx, `INSERT INTO media_subtitles (asset_id, lang, label, object_key, text)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (asset_id, lang)
		DO UPDATE SET label = excluded.label, object_key = excluded.object_key, text = excluded.text, created_at = now()`,
		s.AssetID, s.Lang, s.Label, s.Key, text)
	return err
}

func listSubtitles(ctx context.Context, q db.DBTX, assetID int64) ([]Subtitle, error) {
	rows, _ := q.Query(ctx, `SELECT asset_id, lang, label, object_key FROM media_subtitles
		WHERE asset_id = $1 ORDER BY lang`, assetID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Subtitle])
}

func getSubtitleKey(ctx context.Context, q db.DBTX, assetID int64, lang string) (string, error) {
	var key string
	err := q.QueryRow(ctx, `SELECT object_key FROM media_subtitles WHERE asset_id = $1 AND lang = $2`, assetID, lang).Scan(&key)
	return key, db.NotFound(err, "字幕")
}

func subtitleTexts(ctx context.Context, q db.DBTX, assetID int64) (map[string]string, error) {
	rows, _ := q.Query(ctx, `SELECT lang, text FROM media_subtitles WHERE asset_id = $1`, assetID)
	out := map[string]string{}
	var lang, text string
	_, err := pgx.ForEachRow(rows, []any{&lang, &text}, func() error {
		out[lang] = text
		return nil
	})
	return out, err
}

func deleteSubtitle(ctx context.Context, q db.DBTX, assetID int64, lang string) error {
	_, err := q.Exec(ctx, `DELETE FROM media_subtitles WHERE asset_id = $1 AND lang = $2`, assetID, lang)
	return err
}

package media

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// recordFetch looks up the segment in a ready asset and records the fetch
// in one round trip; it returns the asset's output prefix.
func recordFetch(ctx context.Context, q db.DBTX, userID, assetID int64, rendition string, seq int, at time.Time) (string, error) {
	var p string
	err := q.QueryRow(ctx, `WITH seg AS (
			SELECT a.output_prefix, s.start_s, s.end_s FROM media_segments s
			JOIN media_assets a ON a.id = s.asset_id AND a.state = 'ready'
			WHERE s.asset_id = $2 AND s.rendition = $3 AND s.seq = $4),
		ins AS (INSERT INTO media_fetches (user_id, asset_id, start_s, end_s, fetched_at)
			SELECT $1, $2, start_s, end_s, $5 FROM seg)
		SELECT output_prefix FROM seg`, userID, assetID, rendition, seq, at).Scan(&p)
	return p, db.NotFound(err, "分片")
}

func fetchedSpans(ctx context.Context, q db.DBTX, userID, assetID int64, since time.Time) ([]Span, error) {
	rows, _ := q.Query(ctx, `SELECT DISTINCT start_s, end_s FROM media_fetches
		WHERE user_id = $1 AND asset_id = $2 AND fetched_at >= $3`, userID, assetID, since)
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Span, error) {
		var sp Span
		err := r.Scan(&sp.Start, &sp.End)
		return sp, err
	})
}

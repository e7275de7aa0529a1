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

// maxSegmentSeconds bounds a segment's length (every rendition has a
// keyframe at each multiple of SegmentSeconds; twice that leaves room), so
// that the fetches overlapping a window are one short index range of start
// times.
const maxSegmentSeconds = 2 * SegmentSeconds

// fetchedIn reports each fetch since the given time overlapping a query's
// window, as the query's index and the fetch's media time.
func fetchedIn(ctx context.Context, q db.DBTX, since time.Time, qs []FetchQuery, each func(int, Span)) error {
	users, assets := make([]int64, len(qs)), make([]int64, len(qs))
	from, to := make([]float64, len(qs)), make([]float64, len(qs))
	for i, fq := range qs {
		users[i], assets[i], from[i], to[i] = fq.UserID, fq.AssetID, fq.From, fq.To
	}
	rows, _ := q.Query(ctx, `
		SELECT v.n - 1, f.start_s, f.end_s
		FROM unnest($1::bigint[], $2::bigint[], $3::float8[], $4::float8[]) WITH ORDINALITY AS v(u, a, lo, hi, n)
		JOIN LATERAL (SELECT DISTINCT start_s, end_s FROM media_fetches f
			WHERE f.user_id = v.u AND f.asset_id = v.a AND f.start_s < v.hi
			  AND f.start_s > v.lo - $6 AND f.end_s > v.lo AND f.fetched_at >= $5) f ON true`,
		users, assets, from, to, since, float64(maxSegmentSeconds))
	var i int
	var sp Span
	_, err := pgx.ForEachRow(rows, []any{&i, &sp.Start, &sp.End}, func() error {
		each(i, sp)
		return nil
	})
	return err
}

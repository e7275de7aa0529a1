package main

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// lectureSeconds is the length of the simulated lectures; the learners of
// scripts/heartbeat.lua play them from the start and begin again at the end.
const lectureSeconds = 600

// segmentSeconds is media.SegmentSeconds: the fetch log holds one row per
// segment served.
const segmentSeconds = 4

// lectures gives each lesson of the course a ready lecture of its own, as
// the transcoder would leave it, so that heartbeats go through the rule
// that only fetched segments count.
func lectures(ctx context.Context, pool *pgxpool.Pool, courseID int64) error {
	_, err := pool.Exec(ctx, `
		WITH l AS (SELECT id FROM lessons WHERE course_id = $1),
		a AS (INSERT INTO media_assets (owner_id, title, state, duration, has_video, has_audio, ready_at)
			SELECT (SELECT min(id) FROM users), '压力测试讲座 ' || l.id, 'ready', $2, true, true, now() FROM l
			RETURNING id, title)
		UPDATE lessons SET duration = $2, media_asset_id = a.id
		FROM a WHERE a.title = '压力测试讲座 ' || lessons.id`, courseID, float64(lectureSeconds))
	return err
}

// fetchedAll records that every learner fetched every segment of their
// lecture through the app, as a player that streamed it would have.
func fetchedAll(ctx context.Context, pool *pgxpool.Pool, set []learner) error {
	assets := map[int64]int64{}
	rows, _ := pool.Query(ctx, `SELECT id, media_asset_id FROM lessons WHERE media_asset_id IS NOT NULL`)
	var lesson, asset int64
	if _, err := pgx.ForEachRow(rows, []any{&lesson, &asset}, func() error {
		assets[lesson] = asset
		return nil
	}); err != nil {
		return err
	}
	var fetches [][]any
	for _, l := range set {
		for start := 0; start < lectureSeconds; start += segmentSeconds {
			fetches = append(fetches, []any{l.userID, assets[l.lessonID], float64(start), float64(start + segmentSeconds)})
		}
	}
	_, err := pool.CopyFrom(ctx, pgx.Identifier{"media_fetches"}, []string{"user_id", "asset_id", "start_s", "end_s"},
		pgx.CopyFromRows(fetches))
	return err
}

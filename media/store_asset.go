package media

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

const assetCols = `id, owner_id, title, filename, state, progress, error, retryable, source_size, duration, width, height,
	has_video, has_audio, output_prefix, output_size, renditions, created_at, ready_at`

func collectAssets(rows pgx.Rows) ([]Asset, error) {
	return pgx.CollectRows(rows, pgx.RowToStructByName[Asset])
}

func getAsset(ctx context.Context, q db.DBTX, id int64) (*Asset, error) {
	rows, _ := q.Query(ctx, `SELECT `+assetCols+` FROM media_assets WHERE id = $1`, id)
	a, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Asset])
	return a, db.NotFound(err, "视频")
}

func getAssetForUpdate(ctx context.Context, q db.DBTX, id int64) (*Asset, error) {
	rows, _ := q.Query(ctx, `SELECT `+assetCols+` FROM media_assets WHERE id = $1 FOR UPDATE`, id)
	a, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Asset])
	return a, db.NotFound(err, "视频")
}

func listAssets(ctx context.Context, q db.DBTX, ownerID int64, limit, offset int) ([]Asset, error) {
	rows, _ := q.Query(ctx, `SELECT `+assetCols+` FROM media_assets
		WHERE $1 = 0 OR owner_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`, ownerID, limit, offset)
	return collectAssets(rows)
}

// reserveAssetID takes an id from the assets' sequence before the row
// exists, so an upload can write under the asset's prefix from the start.
func reserveAssetID(ctx context.Context, q db.DBTX) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, `SELECT nextval(pg_get_serial_sequence('media_assets', 'id'))`).Scan(&id)
	return id, err
}

func insertAsset(ctx context.Context, q db.DBTX, id, ownerID int64, title, filename string, size int64) error {
	_, err := q.Exec(ctx, `INSERT INTO media_assets (id, owner_id, title, filename, source_size)
		VALUES ($1, $2, $3, $4, $5)`, id, ownerID, title, filename, size)
	return err
}

func setState(ctx context.Context, q db.DBTX, id int64, state, reason string) error {
	_, err := q.Exec(ctx, `UPDATE media_assets SET state = $2, error = $3, retryable = false, progress = 0,
		updated_at = now() WHERE id = $1`, id, state, reason)
	return err
}

func failAsset(ctx context.Context, q db.DBTX, id int64, reason string, retryable bool) error {
	_, err := q.Exec(ctx, `UPDATE media_assets SET state = 'failed', error = $2, retryable = $3, progress = 0,
		updated_at = now() WHERE id = $1`, id, reason, retryable)
	return err
}

func setProgress(ctx context.Context, q db.DBTX, id int64, progress float64) error {
	_, err := q.Exec(ctx, `UPDATE media_assets SET progress = $2, updated_at = now()
		WHERE id = $1 AND state = 'transcoding'`, id, progress)
	return err
}

func saveProbe(ctx context.Context, q db.DBTX, id int64, p *Probe) error {
	w, h := 0, 0
	if p.Video != nil {
		w, h = p.Video.DisplaySize()
	}
	raw, _ := json.Marshal(p)
	_, err := q.Exec(ctx, `UPDATE media_assets SET state = 'transcoding', progress = 0, duration = $2,
		width = $3, height = $4, has_video = $5, has_audio = $6, probe = $7, updated_at = now() WHERE id = $1`,
		id, p.Duration, w, h, p.Video != nil, p.Audio != nil, raw)
	return err
}

func renameAsset(ctx context.Context, q db.DBTX, id int64, title string) error {
	tag, err := q.Exec(ctx, `UPDATE media_assets SET title = $2, updated_at = now() WHERE id = $1`, id, title)
	if err == nil && tag.RowsAffected() == 0 {
		return db.NotFound(pgx.ErrNoRows, "视频")
	}
	return err
}

func deleteAsset(ctx context.Context, q db.DBTX, id int64) error {
	tag, err := q.Exec(ctx, `DELETE FROM media_assets WHERE id = $1`, id)
	if err == nil && tag.RowsAffected() == 0 {
		return db.NotFound(pgx.ErrNoRows, "视频")
	}
	return err
}

// publish makes one run's outputs the asset's, in one transaction: the
// segment timings, the renditions and the prefix. It reports false when the
// asset is gone or no longer transcoding (deleted or published meanwhile).
func publish(ctx context.Context, tx pgx.Tx, id int64, out *outputs) (bool, error) {
	raw, _ := json.Marshal(out.Rungs)
	tag, err := tx.Exec(ctx, `UPDATE media_assets SET state = 'ready', progress = 1, error = '',
		output_prefix = $2, output_size = $3, renditions = $4, ready_at = now(), updated_at = now()
		WHERE id = $1 AND state = 'transcoding'`, id, out.Prefix, out.Size, raw)
	if err != nil || tag.RowsAffected() == 0 {
		return false, err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM media_segments WHERE asset_id = $1`, id); err != nil {
		return false, err
	}
	rows := make([][]any, 0, len(out.Segments))
	for _, sg := range out.Segments {
		rows = append(rows, []any{id, sg.Rendition, sg.Seq, sg.Start, sg.End})
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"media_segments"},
		[]string{"asset_id", "rendition", "seq", "start_s", "end_s"}, pgx.CopyFromRows(rows))
	return err == nil, err
}

// assetLockKey is the advisory-lock namespace of transcode runs.
const assetLockKey = 1835361385

// tryAssetLock takes the session-level lock on an asset's transcode.
func tryAssetLock(ctx context.Context, conn *pgx.Conn, id int64) (bool, error) {
	var ok bool
	err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2::int)`, assetLockKey, id).Scan(&ok)
	return ok, err
}

// unlockAssetLock frees it; closing the connection would too, but only once
// the server's backend notices.
func unlockAssetLock(ctx context.Context, conn *pgx.Conn, id int64) {
	_, _ = conn.Exec(ctx, `SELECT pg_advisory_unlock($1, $2::int)`, assetLockKey, id)
}

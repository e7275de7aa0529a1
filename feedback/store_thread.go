package feedback

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// entry is a thread line to add. An author's line has no actor and no
// moment, only its day.
type entry struct {
	Kind     string
	ByAuthor bool
	ActorID  *int64
	Body     string
	Day      time.Time
	At       *time.Time
}

// insertEntry appends to a thread; the caller holds the message's lock,
// so the numbering has no gaps or clashes.
func insertEntry(ctx context.Context, tx pgx.Tx, messageID string, e entry) error {
	_, err := tx.Exec(ctx, `INSERT INTO feedback_entries (message_id, seq, kind, by_author, actor_id, body, day, at)
		SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7 FROM feedback_entries WHERE message_id = $1`,
		messageID, e.Kind, e.ByAuthor, e.ActorID, e.Body, e.Day, e.At)
	return err
}

type entryRow struct {
	Seq       int        `db:"seq"`
	Kind      string     `db:"kind"`
	ByAuthor  bool       `db:"by_author"`
	ActorName *string    `db:"actor_name"`
	Body      string     `db:"body"`
	Day       time.Time  `db:"day"`
	At        *time.Time `db:"at"`
}

func threadOf(ctx context.Context, q db.DBTX, messageID string) ([]entryRow, error) {
	rows, _ := q.Query(ctx, `SELECT e.seq, e.kind, e.by_author, n.display_name AS actor_name, e.body, e.day, e.at
		FROM feedback_entries e LEFT JOIN org_member_names n ON n.user_id = e.actor_id AND NOT e.by_author
		WHERE e.message_id = $1 ORDER BY e.seq`, messageID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[entryRow])
}

type fileRow struct {
	N           int    `db:"n"`
	Name        string `db:"name"`
	ContentType string `db:"content_type"`
	Size        int64  `db:"size"`
	ObjectKey   string `db:"object_key"`
}

func filesOf(ctx context.Context, q db.DBTX, messageID string) ([]fileRow, error) {
	rows, _ := q.Query(ctx, `SELECT n, name, content_type, size, object_key FROM feedback_files
		WHERE message_id = $1 ORDER BY n`, messageID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[fileRow])
}

func fileOf(ctx context.Context, q db.DBTX, messageID string, n int) (*fileRow, error) {
	rows, _ := q.Query(ctx, `SELECT n, name, content_type, size, object_key FROM feedback_files
		WHERE message_id = $1 AND n = $2`, messageID, n)
	f, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[fileRow])
	return f, db.NotFound(err, "附件")
}

func insertFile(ctx context.Context, tx pgx.Tx, messageID string, f fileRow) error {
	_, err := tx.Exec(ctx, `INSERT INTO feedback_files (message_id, n, name, content_type, size, object_key)
		VALUES ($1, $2, $3, $4, $5, $6)`, messageID, f.N, f.Name, f.ContentType, f.Size, f.ObjectKey)
	return err
}

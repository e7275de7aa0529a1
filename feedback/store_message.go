package feedback

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/db"
)

// messageRow is a message with its unit's name and path, and the author's
// name only when they chose to be named.
type messageRow struct {
	ID                string     `db:"id"`
	UnitID            int64      `db:"unit_id"`
	UnitName          string     `db:"unit_name"`
	UnitPath          string     `db:"unit_path"`
	Category          string     `db:"category"`
	Body              string     `db:"body"`
	Anonymous         bool       `db:"anonymous"`
	AuthorName        *string    `db:"author_name"`
	State             string     `db:"state"`
	SubmittedOn       time.Time  `db:"submitted_on"`
	AcceptDue         time.Time  `db:"accept_due"`
	AnswerDue         time.Time  `db:"answer_due"`
	AnsweredOn        *time.Time `db:"answered_on"`
	Escalation        int16      `db:"escalation"`
	EscalatedUnitName *string    `db:"escalated_unit_name"`
	Rating            *string    `db:"rating"`
}

const messageSelect = `SELECT m.id, m.unit_id, u.name AS unit_name, u.path::text AS unit_path, m.category, m.body,
	m.anonymous, n.display_name AS author_name, m.state, m.submitted_on, m.accept_due, m.answer_due, m.answered_on,
	m.escalation, e.name AS escalated_unit_name, m.rating
FROM feedback_messages m
JOIN org_unit_tree u ON u.id = m.unit_id
LEFT JOIN org_member_names n ON n.user_id = m.author_id
LEFT JOIN org_unit_tree e ON e.id = m.escalated_unit_id`

func getMessage(ctx context.Context, q db.DBTX, id string) (*messageRow, error) {
	return oneMessage(ctx, q, messageSelect+` WHERE m.id = $1`, id)
}

// lockMessage reads a message and holds it until the transaction ends, so
// two handlers' changes (and the thread's numbering) follow one another.
func lockMessage(ctx context.Context, tx pgx.Tx, id string) (*messageRow, error) {
	return oneMessage(ctx, tx, messageSelect+` WHERE m.id = $1 FOR UPDATE OF m`, id)
}

func oneMessage(ctx context.Context, q db.DBTX, sql string, args ...any) (*messageRow, error) {
	rows, _ := q.Query(ctx, sql, args...)
	m, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[messageRow])
	if err != nil {
		return nil, db.NotFound(err, "意见建议")
	}
	return m, nil
}

// inboxMessages lists the messages to units inside scopes (all: every
// unit), escalated ones first, then the newest.
func inboxMessages(ctx context.Context, q db.DBTX, scopes []string, all bool, state string, limit, offset int) ([]*messageRow, error) {
	rows, _ := q.Query(ctx, messageSelect+`
		WHERE ($2 OR u.path <@ $1::ltree[]) AND ($3 = '' OR m.state = $3)
		ORDER BY (m.escalation > 0 AND m.state IN ('pending', 'accepted')) DESC, m.submitted_on DESC, m.id
		LIMIT $4 OFFSET $5`, scopes, all, state, limit, offset)
	return pgx.CollectRows(rows, pgx.RowToAddrOfStructByName[messageRow])
}

// authorMessages lists the messages written under an author key.
func authorMessages(ctx context.Context, q db.DBTX, key []byte) ([]*messageRow, []string, error) {
	rows, _ := q.Query(ctx, `SELECT a.ref, x.* FROM feedback_authors a
		JOIN LATERAL (`+messageSelect+` WHERE m.id = a.message_id) x ON true
		WHERE a.author_key = $1 ORDER BY x.submitted_on DESC, a.ref`, key)
	type withRef struct {
		Ref string `db:"ref"`
		messageRow
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[withRef])
	out, refs := make([]*messageRow, len(list)), make([]string, len(list))
	for i := range list {
		out[i], refs[i] = &list[i].messageRow, list[i].Ref
	}
	return out, refs, err
}

// messageOfRef resolves an author's link, and only under their key.
func messageOfRef(ctx context.Context, q db.DBTX, key []byte, ref string) (string, error) {
	var id string
	err := q.QueryRow(ctx, `SELECT message_id FROM feedback_authors WHERE ref = $1 AND author_key = $2`, ref, key).Scan(&id)
	return id, db.NotFound(err, "意见建议")
}

// sealedAuthor is the sealed account id of a message's author.
func sealedAuthor(ctx context.Context, q db.DBTX, id string) ([]byte, string, error) {
	var box []byte
	var ref string
	err := q.QueryRow(ctx, `SELECT author_box, ref FROM feedback_authors WHERE message_id = $1`, id).Scan(&box, &ref)
	return box, ref, err
}

type newMessage struct {
	ID, Category, Body string
	UnitID             int64
	AuthorID           *int64
	Submitted, Accept  time.Time
	Answer             time.Time
}

func insertMessage(ctx context.Context, tx pgx.Tx, m newMessage) error {
	_, err := tx.Exec(ctx, `INSERT INTO feedback_messages
		(id, unit_id, category, body, anonymous, author_id, submitted_on, accept_due, answer_due)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		m.ID, m.UnitID, m.Category, m.Body, m.AuthorID == nil, m.AuthorID, m.Submitted, m.Accept, m.Answer)
	return err
}

func insertAuthor(ctx context.Context, tx pgx.Tx, ref, messageID string, key, box []byte) error {
	_, err := tx.Exec(ctx, `INSERT INTO feedback_authors (ref, message_id, author_key, author_box) VALUES ($1, $2, $3, $4)`,
		ref, messageID, key, box)
	return err
}

// setState moves a message; the first answer keeps its day.
func setState(ctx context.Context, tx pgx.Tx, id, state string, today time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE feedback_messages SET state = $2,
		answered_on = CASE WHEN $2 = 'answered' THEN coalesce(answered_on, $3) ELSE answered_on END
		WHERE id = $1`, id, state, today)
	return err
}

func setRating(ctx context.Context, tx pgx.Tx, id, rating, state string) error {
	_, err := tx.Exec(ctx, `UPDATE feedback_messages SET rating = $2, state = $3 WHERE id = $1`, id, rating, state)
	return err
}

// anyMessage says whether a message was ever written (the demo seed's check).
func anyMessage(ctx context.Context, q db.DBTX) (exists bool, err error) {
	err = q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM feedback_messages)`).Scan(&exists)
	return exists, err
}

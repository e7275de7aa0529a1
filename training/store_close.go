package training

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

func insertResults(ctx context.Context, tx pgx.Tx, classID int64, rs []Result) error {
	n := len(rs)
	users, done, reasons := make([]int64, n), make([]bool, n), make([]string, n)
	att, scores, hours := make([]int32, n), make([]*float64, n), make([]float64, n)
	for i, r := range rs {
		users[i], done[i], reasons[i], att[i], scores[i], hours[i] =
			r.UserID, r.Completed, r.Reason, int32(r.Attendance), r.Score, r.Hours
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO training_results (class_id, user_id, completed, reason, attendance, score, hours)
		SELECT $1, * FROM unnest($2::bigint[], $3::bool[], $4::text[], $5::int[], $6::float8[], $7::float8[])`,
		classID, users, done, reasons, att, scores, hours)
	return err
}

func markClosed(ctx context.Context, tx pgx.Tx, classID int64, at time.Time) error {
	_, err := tx.Exec(ctx, `UPDATE training_classes SET state = 'closed', closed_at = $2 WHERE id = $1`, classID, at)
	return err
}

func classResults(ctx context.Context, q db.DBTX, classID, userID int64) ([]Result, error) {
	rows, _ := q.Query(ctx, `SELECT user_id, '' AS name, completed, reason, attendance, score::float8 AS score,
		hours::float8 AS hours, correction FROM training_results
		WHERE class_id = $1 AND ($2 = 0 OR user_id = $2) ORDER BY NOT completed, user_id LIMIT 50000`, classID, userID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Result])
}

func correctResult(ctx context.Context, tx pgx.Tx, classID, userID int64, in Correction, by int64, hours float64) error {
	tag, err := tx.Exec(ctx, `UPDATE training_results SET completed = $3, correction = $4, corrected_by = $5,
		reason = CASE WHEN $3 THEN '' ELSE $4 END, hours = CASE WHEN $3 THEN $6 ELSE 0 END, decided_at = now()
		WHERE class_id = $1 AND user_id = $2`, classID, userID, in.Completed, in.Reason, by, hours)
	if err == nil && tag.RowsAffected() == 0 {
		err = apperr.NotFoundf("此人不在本班的结业名单中")
	}
	return err
}

func insertCertificates(ctx context.Context, tx pgx.Tx, classID int64, users []int64, holders, serials []string) (int, error) {
	tag, err := tx.Exec(ctx, `
		INSERT INTO certificates (serial, class_id, user_id, holder, class_name, organiser, starts_on, ends_on, hours)
		SELECT x.serial, c.id, x.user_id, x.holder, c.name, c.organiser, c.starts_on, c.ends_on, coalesce(r.hours, c.hours)
		FROM unnest($2::bigint[], $3::text[], $4::text[]) AS x(user_id, holder, serial)
		JOIN training_classes c ON c.id = $1
		LEFT JOIN training_results r ON r.class_id = $1 AND r.user_id = x.user_id
		ON CONFLICT (class_id, user_id) DO NOTHING`, classID, users, holders, serials)
	return int(tag.RowsAffected()), err
}

func revokeCertificate(ctx context.Context, tx pgx.Tx, classID, userID int64, why string) error {
	_, err := tx.Exec(ctx, `UPDATE certificates SET revoked_at = now(), revoked_why = $3
		WHERE class_id = $1 AND user_id = $2 AND revoked_at IS NULL`, classID, userID, why)
	return err
}

func unrevokeCertificate(ctx context.Context, tx pgx.Tx, classID, userID int64) error {
	_, err := tx.Exec(ctx, `UPDATE certificates SET revoked_at = NULL, revoked_why = '' WHERE class_id = $1 AND user_id = $2`,
		classID, userID)
	return err
}

const certCols = `id, serial, class_id, user_id, holder, class_name, organiser, starts_on, ends_on, hours::float8 AS hours,
	issued_at, revoked_at, revoked_why`

func oneCert(rows pgx.Rows, err error) (*Certificate, error) {
	if err != nil {
		return nil, err
	}
	c, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Certificate])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.NotFoundf("证书不存在")
	}
	return c, err
}

func certBySerial(ctx context.Context, q db.DBTX, serial string) (*Certificate, error) {
	return oneCert(q.Query(ctx, `SELECT `+certCols+` FROM certificates WHERE serial = $1`, serial))
}

func certByID(ctx context.Context, q db.DBTX, id int64) (*Certificate, error) {
	return oneCert(q.Query(ctx, `SELECT `+certCols+` FROM certificates WHERE id = $1`, id))
}

func userCertificates(ctx context.Context, q db.DBTX, userID int64) ([]Certificate, error) {
	rows, _ := q.Query(ctx, `SELECT `+certCols+` FROM certificates WHERE user_id = $1 ORDER BY issued_at DESC`, userID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Certificate])
}

// eachCertificate reads a class's certificates row by row (limit 0: all).
func eachCertificate(ctx context.Context, q db.DBTX, classID int64, limit int, fn func(*Certificate) error) error {
	rows, err := q.Query(ctx, `SELECT `+certCols+` FROM certificates WHERE class_id = $1 AND revoked_at IS NULL
		ORDER BY serial LIMIT nullif($2, 0)`, classID, limit)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		c, err := pgx.RowToAddrOfStructByName[Certificate](rows)
		if err != nil {
			return err
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return rows.Err()
}

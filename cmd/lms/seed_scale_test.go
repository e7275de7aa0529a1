package main

import (
	"context"
	"strings"
	"testing"

	"lms/internal/db"
	"lms/report"
)

// A small `seed scale` loads a consistent group: the report sums the
// triggers kept while COPY loaded the rows equal the raw records, and a
// second run changes nothing.
func TestSeedScale(t *testing.T) {
	t.Parallel()
	env := stackEnv(t)
	args := []string{"seed", "scale", "--units", "60", "--users", "3000", "--courses", "40"}
	code, out, errOut := run(t, env, args...)
	if code != 0 || !strings.Contains(out, "root_id=") {
		t.Fatalf("seed scale: %d %s %s", code, out, errOut)
	}
	ctx := context.Background()
	pool, err := db.Open(ctx, env["LMS_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var units, users, enrollments, credits, attempts int
	err = pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM users),
		(SELECT count(*) FROM enrollments), (SELECT count(*) FROM credit_ledger), (SELECT count(*) FROM quiz_attempts)`).
		Scan(&units, &users, &enrollments, &credits, &attempts)
	if err != nil {
		t.Fatal(err)
	}
	if units != 60 || users != 3002 || enrollments < 3000*15 || enrollments > 3000*25 || credits < enrollments/3 || attempts < credits/3 {
		t.Errorf("loaded %d units, %d users, %d enrollments, %d credits, %d attempts", units, users, enrollments, credits, attempts)
	}
	diff, err := report.NewService(pool).Verify(ctx)
	if err != nil || len(diff) > 0 {
		t.Errorf("report sums differ from the raw records: %v %v", diff, err)
	}
	if code, out, _ := run(t, env, args...); code != 0 || !strings.Contains(out, "nothing to do") {
		t.Errorf("second run: %d %s", code, out)
	}
}

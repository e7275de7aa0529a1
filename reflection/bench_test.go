package reflection

import (
	"context"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"lms/internal/testenv"
)

// BenchmarkCopyCheck5000 is the copy check of one submission against the
// stored shingles of BENCH_REFLECTIONS (5,000) other submissions of the
// same course, each about 800 characters made from the sample texts'
// vocabulary plus the set phrases every reflection repeats (the worst
// case for the index: those shingles are in every submission). Each
// iteration checks in a transaction rolled back, so the course stays at
// 5,000. It reports the median and the slowest check.
func BenchmarkCopyCheck5000(b *testing.B) {
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("BENCH_REFLECTIONS")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	pool := testenv.DB(b)
	svc := NewService(pool)
	svc.Courses = &courseTable{info: map[int64]CourseInfo{1: {Title: "基准课程", UnitPath: "u1"}},
		materials: map[int64][]Material{1: {{LessonID: 1, Title: "正文", Text: benchText(rand.New(rand.NewPCG(0, 0)), 2000)}}}}
	checker := seedSubmissions(b, pool, n)
	r := &Reflection{CourseID: 1, UserID: checker, UnitPath: "u1", Body: benchText(rand.New(rand.NewPCG(9, 9)), 800)}
	if err := pool.QueryRow(ctx, `INSERT INTO reflections (course_id, user_id, unit_path, body) VALUES (1, $1, 'u1', $2)
		RETURNING id`, checker, r.Body).Scan(&r.ID); err != nil {
		b.Fatal(err)
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		tx, err := pool.Begin(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := svc.copyCheck(ctx, tx, r); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
		_ = tx.Rollback(ctx)
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "max_ms")
	b.ReportMetric(float64(n), "others")
}

// seedSubmissions stores n submitted reflections of course 1 with their
// shingles, as Submit leaves them, in one COPY each.
func seedSubmissions(b *testing.B, pool *pgxpool.Pool, n int) (checker int64) {
	ctx := context.Background()
	var unit int64
	must(b, pool.QueryRow(ctx, `INSERT INTO units (name, path) VALUES ('集团', 'u1') RETURNING id`).Scan(&unit))
	rows, _ := pool.Query(ctx, `INSERT INTO users (username, display_name, unit_id)
		SELECT 'bench' || g, 'bench' || g, $1 FROM generate_series(0, $2) g RETURNING id`, unit, n)
	users, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	must(b, err)
	rnd := rand.New(rand.NewPCG(1, 2))
	bodies := make([]string, n)
	for i := range bodies {
		bodies[i] = benchText(rnd, 800)
	}
	// ltree has no binary COPY format: the rows go in as one INSERT.
	_, err = pool.Exec(ctx, `INSERT INTO reflections (course_id, user_id, unit_path, body, state, submitted_at)
		SELECT 1, u, 'u1', t, 'submitted', now() FROM unnest($1::bigint[], $2::text[]) AS x (u, t)`, users[1:], bodies)
	must(b, err)
	rows, _ = pool.Query(ctx, `SELECT id, body FROM reflections WHERE course_id = 1`)
	var shing [][]any
	var id int64
	var body string
	_, err = pgx.ForEachRow(rows, []any{&id, &body}, func() error {
		for _, h := range distinct(shingles(tokens(body))) {
			shing = append(shing, []any{int64(1), h, id})
		}
		return nil
	})
	must(b, err)
	// In index order, so the load appends to the primary key's pages.
	sort.Slice(shing, func(i, j int) bool { return shing[i][1].(int32) < shing[j][1].(int32) })
	_, err = pool.CopyFrom(ctx, pgx.Identifier{"reflection_shingles"}, []string{"course_id", "hash", "reflection_id"}, pgx.CopyFromRows(shing))
	must(b, err)
	// What autovacuum does to a table after such a load: statistics, and
	// the visibility map that index-only scans need.
	_, err = pool.Exec(ctx, `VACUUM (ANALYZE) reflection_shingles`)
	must(b, err)
	explain(b, pool)
	return users[0]
}

// explain logs the plan of the nearest-submissions query.
func explain(b *testing.B, pool *pgxpool.Pool) {
	hs := distinct(shingles(tokens(benchText(rand.New(rand.NewPCG(9, 9)), 800))))
	rows, _ := pool.Query(context.Background(), `EXPLAIN (ANALYZE, BUFFERS)
		SELECT s.reflection_id, count(*)::int AS shared
		FROM unnest($2::int[]) AS q (h)
		JOIN reflection_shingles s ON s.course_id = $1 AND s.hash = q.h
		WHERE s.reflection_id <> $3
		GROUP BY s.reflection_id ORDER BY shared DESC, s.reflection_id LIMIT 3`, 1, hs, 0)
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	must(b, err)
	b.Log(strings.Join(lines, "\n"))
}

// benchWords are the two-character words of the sample texts.
var benchWords = func() []string {
	var out []string
	for _, f := range []string{"honest_a.txt", "honest_b.txt", "own_c.txt"} {
		bs, _ := os.ReadFile("testdata/" + f)
		r := []rune(string(bs))
		for i := 0; i+1 < len(r); i += 2 {
			if kept(r[i]) && kept(r[i+1]) {
				out = append(out, string(r[i:i+2]))
			}
		}
	}
	return out
}()

var setPhrases = []string{"习近平新时代中国特色社会主义思想", "全面从严治党", "不忘初心、牢记使命", "新时代党员教育管理"}

// benchText is about size characters of sentences of random words, with
// the set phrases.
func benchText(rnd *rand.Rand, size int) string {
	var b strings.Builder
	for _, p := range setPhrases {
		b.WriteString(p + "。")
	}
	for CountChars(b.String()) < size {
		for range 6 + rnd.IntN(10) {
			b.WriteString(benchWords[rnd.IntN(len(benchWords))])
		}
		b.WriteString("。")
	}
	return b.String()
}

package report

// personBase is every person under $1 (an ltree path) with their
// figures of study year $2 and the study-hour requirement that applies to
// them. cond narrows the people (a constant condition on m); lists pass
// activeOnly.
//
// The requirement is chosen as course chooses it for a transcript: the
// rule of the nearest unit that has one, a rule for the person's rank
// before the unit's general rule. A cycle of several years counts the
// hours credited in all its years.
const activeOnly = "AND NOT m.disabled"

func personBase(cond string) string {
	return `
	WITH m AS (
		SELECT m.user_id, m.unit_id, m.unit_path, m.rank
		FROM org_members m WHERE m.unit_path <@ $1::ltree ` + cond + `
	), cand AS (
		SELECT u.id AS unit_id, r.rank, r.hours, r.cycle_years, r.start_year, nlevel(r.unit_path) AS depth
		FROM course_requirements r JOIN org_unit_tree u ON u.path <@ r.unit_path
		WHERE u.path <@ $1::ltree
	), gen AS (
		SELECT DISTINCT ON (unit_id) * FROM cand WHERE rank = '' ORDER BY unit_id, depth DESC
	), rnk AS (
		SELECT DISTINCT ON (unit_id, rank) * FROM cand WHERE rank <> '' ORDER BY unit_id, rank, depth DESC
	), req AS (
		SELECT m.*, CASE WHEN k.depth >= coalesce(g.depth, -1) THEN k.hours ELSE g.hours END AS required,
		       CASE WHEN k.depth >= coalesce(g.depth, -1) THEN k.cycle_years ELSE g.cycle_years END AS cycle_years,
		       CASE WHEN k.depth >= coalesce(g.depth, -1) THEN k.start_year ELSE g.start_year END AS start_year
		FROM m LEFT JOIN gen g ON g.unit_id = m.unit_id
		LEFT JOIN rnk k ON k.unit_id = m.unit_id AND k.rank = m.rank
	), p AS (
		SELECT req.*, CASE WHEN cycle_years IS NULL THEN $2::int
		       ELSE $2::int - ((($2::int - start_year) % cycle_years) + cycle_years) % cycle_years END AS cycle_from
		FROM req
	)
	SELECT p.user_id, p.unit_id, p.unit_path, p.rank,
	       coalesce(y.enrolled, 0) AS enrolled, coalesce(y.not_started, 0) AS not_started,
	       coalesce(y.in_progress, 0) AS in_progress, coalesce(y.completed, 0) AS completed,
	       coalesce(y.hours, 0) AS hours, coalesce(y.quiz_taken, 0) AS quiz_taken,
	       coalesce(y.quiz_score, 0) AS quiz_score, coalesce(y.quiz_passed, 0) AS quiz_passed,
	       p.required, p.cycle_from, p.cycle_from + coalesce(p.cycle_years, 1) - 1 AS cycle_to,
	       CASE WHEN p.cycle_years > 1 THEN (
	           SELECT coalesce(sum(z.hours), 0) FROM report_person_year z
	           WHERE z.user_id = p.user_id AND z.year BETWEEN p.cycle_from AND p.cycle_from + p.cycle_years - 1)
	       ELSE coalesce(y.hours, 0) END AS cycle_hours
	FROM p LEFT JOIN report_person_year y ON y.year = $2::int AND y.user_id = p.user_id`
}

// childGroup maps a unit path under the scope to the child of the scope it
// lies in; the scope's own members group under the scope's id. Paths are
// chains of "u<id>" labels (org's contract), so the child's id is read
// from its label without a join. $lvl and $self are parameters.
func childGroup(pathCol, lvl, self string) string {
	return `CASE WHEN nlevel(` + pathCol + `) > ` + lvl + ` THEN substring(subpath(` + pathCol + `, ` + lvl +
		`, 1)::text FROM 2)::bigint ELSE ` + self + ` END`
}

# shellcheck shell=bash
# feedback: a committee's inbox (first page) and figures (one connection)
# over the demo
# organisation holding BENCH_FEEDBACK_MESSAGES (20,000) messages in every
# state, and a member's own list of the five messages they wrote through
# the API. The bulk is written with one INSERT … SELECT into feedback's own
# tables (made-up authors' keys: nobody's), so the section takes seconds.

bench_feedback() {
  local n=${BENCH_FEEDBACK_MESSAGES:-20000} learner unit i
  learner=$("$LMS_BIN" user token demo_learner | tail -n 1)
  unit=$(curl -fsS -H "Authorization: Bearer $learner" "$BASE_URL/api/v1/feedback/targets" | grep -o '"id":[0-9]*' | tail -n 1 | cut -d: -f2)
  [[ -n $unit ]] || die "feedback: no unit to write to"
  for i in 1 2 3 4 5; do
    curl -fsS -o /dev/null -H "Authorization: Bearer $learner" -H "Content-Type: application/json" \
      --data "{\"unit_id\":$unit,\"category\":\"opinion\",\"body\":\"基准留言 $i\",\"anonymous\":true}" \
      "$BASE_URL/api/v1/feedback" || die "feedback: writing through the API failed"
  done
  log "feedback: $n messages over the demo units"
  psql "$LMS_DATABASE_URL" -X -q -v ON_ERROR_STOP=1 -v n="$n" >/dev/null <<'SQL' || die "feedback: bulk insert failed"
WITH u AS (SELECT array_agg(id) AS ids FROM org_unit_tree),
m AS (
  SELECT 'bench' || lpad(g::text, 11, '0') AS id, u.ids[1 + g % cardinality(u.ids)] AS unit_id,
         (ARRAY['opinion', 'problem', 'help', 'other'])[1 + g % 4] AS category,
         (ARRAY['pending', 'accepted', 'answered', 'closed', 'rejected'])[1 + g % 5] AS state,
         current_date - (g % 90) AS day
  FROM generate_series(1, :n) g, u)
INSERT INTO feedback_messages (id, unit_id, category, body, anonymous, state, submitted_on, accept_due, answer_due,
  answered_on, escalation, rating)
SELECT id, unit_id, category, '基准留言：' || id, true, state, day, day + 3, day + 14,
       CASE WHEN state IN ('answered', 'closed') THEN day + (length(id) % 12) END,
       CASE WHEN state = 'pending' AND day < current_date - 5 THEN 1 ELSE 0 END,
       CASE WHEN state = 'closed' THEN (ARRAY['satisfied', 'basic', 'unsatisfied'])[1 + length(id) % 3] END
FROM m;
INSERT INTO feedback_authors (ref, message_id, author_key, author_box)
SELECT 'r' || id, id, decode(md5(id), 'hex'), decode(md5('box' || id), 'hex') FROM feedback_messages WHERE id LIKE 'bench%';
ANALYZE feedback_messages;
SQL
  measure feedback-mine /api/v1/feedback/mine "Authorization: Bearer $learner"
  # A committee's pages are read by a few people at a time: one connection
  # gives their latency rather than the queue of 32 (as the report does).
  local THREADS=1 CONNECTIONS=1
  measure feedback-inbox /api/v1/feedback/inbox "Authorization: Bearer $TOKEN"
  measure feedback-figures /api/v1/feedback/figures "Authorization: Bearer $TOKEN"
}

SECTIONS+=(feedback)

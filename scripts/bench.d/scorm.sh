# shellcheck shell=bash
# scorm: BENCH_SCORM_LEARNERS (500) learners, each in the SCO of a SCORM
# 1.2 lesson (the singlescobasic golf example, Rustici Software, CC BY 3.0),
# commit their runtime data every 10 s as the golf example does at each
# page turn: lesson_location, lesson_status, session_time and ~2 KB of
# suspend_data, each value checked again on the server and written in one
# transaction before the 200 (scripts/scorm.lua paces wrk to that rate).
# scorm-max is the same commits as fast as BENCH_SCORM_CONNECTIONS (64)
# connections send them: the headroom. Run it next to healthz:
#
#   scripts/bench.sh healthz scorm
#
# Target: p99 < 50 ms at the paced rate.
bench_scorm() {
  local n=${BENCH_SCORM_LEARNERS:-500} file=$WORK/scorm-learners.txt course lesson sco conns
  log "scorm: $n learners with tokens, a SCORM lesson with the golf example"
  "$ROOT/bin/lmsload" prepare --learners "$n" --lessons 1 --out "$WORK/scorm-tokens.txt" \
    >"$WORK/log/lmsload-scorm.log" 2>&1 || { cat "$WORK/log/lmsload-scorm.log" >&2; die "lmsload prepare failed"; }
  course=$(api_id "$TOKEN" POST /api/v1/courses '{"title":"SCORM 基准课程","open":true,"hours":1}')
  lesson=$(api_id "$TOKEN" POST "/api/v1/courses/$course/lessons" '{"title":"高尔夫课件","kind":"scorm","min_seconds":60}')
  [[ -n $lesson ]] || die "scorm: lesson not created"
  sco=$(curl -fsS -H "Authorization: Bearer $TOKEN" -F "package=@${BENCH_SCORM_PACKAGE:-$ROOT/../shared/fixtures/scorm/singlescobasic.zip}" \
    "$BASE_URL/api/v1/lessons/$lesson/scorm" | grep -o '"id":[0-9]*,"identifier":"item_1"' | cut -d: -f2 | cut -d, -f1)
  [[ -n $sco ]] || die "scorm: package not imported"
  api_id "$TOKEN" POST "/api/v1/courses/$course/publish" >/dev/null
  : >"$file"
  while read -r token _; do
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $token" "$BASE_URL/api/v1/courses/$course/enroll" ||
      die "scorm: enroll failed"
    echo "$token $lesson $sco" >>"$file"
  done <"$WORK/scorm-tokens.txt"
  # 10 learners per connection, one request a second on each: every
  # learner commits every 10 s.
  conns=$((n / 10))
  CONNECTIONS=$conns measure_lua scorm "$ROOT/scripts/scorm.lua" "$file" "$THREADS" "$((10000 * conns / n))"
  CONNECTIONS=${BENCH_SCORM_CONNECTIONS:-64} measure_lua scorm-max "$ROOT/scripts/scorm.lua" "$file" "$THREADS" 0
}
SECTIONS+=(scorm)

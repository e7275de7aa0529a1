#!/usr/bin/env bash
# Load-tests `bin/lms serve --workers=0` with wrk on a throwaway PostgreSQL +
# MinIO (scripts/stack.sh), then prints requests/s, p50 and p99 per section and
# their ratios to the baseline section (healthz).
#
#   scripts/bench.sh [SECTION...]     default: every section in SECTIONS
#
# Environment: BENCH_DURATION (10s), BENCH_THREADS (2), BENCH_CONNECTIONS (32;
# BENCH_HB_CONNECTIONS (320) for heartbeats),
# BENCH_WARMUP (2s; 0 skips it), LMS_BIN (bin/lms).
#
# Adding a section: write bench_NAME, which calls
#   measure NAME PATH ["Header: value"...]
# (PATH must answer 2xx; the server is at $BASE_URL, an admin API token in
# $TOKEN), and append NAME to SECTIONS. A feature may keep its sections in
# its own scripts/bench.d/NAME.sh, which defines bench_NAME and appends to
# SECTIONS; every such file is read after this script's own sections.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LMS_BIN=${LMS_BIN:-$ROOT/bin/lms}
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
WARMUP=${BENCH_WARMUP:-2s}

SECTIONS=(healthz me pages heartbeats quiz search transcode report)
BASELINE=healthz

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }

# ------------------------------------------------------------------ sections

bench_healthz() { measure healthz /healthz; }

bench_me() { measure me /api/v1/me "Authorization: Bearer $TOKEN"; }

# transcode: a generated 60 s 1080p30 lecture (BENCH_TRANSCODE_SECONDS) made
# into the 4-step HLS ladder by the media pipeline, next to the raw ffmpeg
# command alone and to one ffmpeg process per rendition, in the same run
# (media.BenchmarkTranscodeLadder, on this stack's PostgreSQL and MinIO).
bench_transcode() {
  local out=$WORK/transcode.txt
  log "transcode: go test -bench TranscodeLadder ./media (${BENCH_TRANSCODE_SECONDS:-60} s of 1080p30, libx264 veryfast)"
  (cd "$ROOT" && go test -run '^$' -bench TranscodeLadder -benchtime 1x -timeout 30m ./media/) >"$out" 2>&1 ||
    { cat "$out" >&2; die "transcode benchmark failed"; }
  awk '/^BenchmarkTranscodeLadder/ {
    for (i = 3; i < NF; i += 2) v[$(i + 1)] = $i
    printf "\ntranscode (%s s of 1080p30, 4 renditions + audio, libx264 veryfast, %d CPUs shared)\n", ENVIRON["BENCH_TRANSCODE_SECONDS"] ? ENVIRON["BENCH_TRANSCODE_SECONDS"] : 60, CPUS
    printf "  pipeline (MinIO in and out, probe, one ffmpeg): %6.1f s wall, %.2fx real time, %5.1f CPU-s per minute of video\n", v["pipeline_wall_s"], v["x_realtime"], v["cpu_s/min"]
    printf "  raw one-process ffmpeg command:                 %6.1f s wall, %5.1f CPU-s per minute; pipeline overhead %+.1f %%\n", v["raw_wall_s"], v["raw_cpu_s/min"], v["overhead_%"]
    printf "  one ffmpeg process per rendition:               %6.1f s wall, %5.1f CPU-s per minute; %.2fx the one-process wall time\n", v["per_rung_wall_s"], v["per_rung_cpu_s/min"], v["per_rung/one"]
  }' CPUS="$(nproc)" "$out" | tee "$WORK/transcode-summary.txt"
}

# pages: the learner's server-rendered pages once they have 10 open courses
# (one article lesson each, made through the API by the admin, enrolled by
# the learner): 我的学习 (enrollments, progress, the year's hours against
# the requirement, the bell's count), the catalogue, a course page with the
# learner's state in each lesson, and a lesson page; next to `me` (the same
# token authentication, no page) and healthz.
bench_pages() {
  local learner id lesson i
  learner=$("$LMS_BIN" user token demo_learner | tail -n 1)
  log "pages: 10 courses for demo_learner"
  for i in $(seq 1 10); do
    id=$(api_id "$TOKEN" POST /api/v1/courses "{\"title\":\"基准课程 $i\",\"open\":true,\"hours\":1}")
    lesson=$(api_id "$TOKEN" POST "/api/v1/courses/$id/lessons" \
      '{"title":"学习材料","kind":"article","min_seconds":60,"article_html":"<p>学习正文</p>"}')
    api_id "$TOKEN" POST "/api/v1/courses/$id/publish" >/dev/null
    api_id "$learner" POST "/api/v1/courses/$id/enroll" >/dev/null
  done
  measure pages-learn /learn "Authorization: Bearer $learner"
  measure pages-catalogue /catalogue "Authorization: Bearer $learner"
  measure pages-course "/courses/$id" "Authorization: Bearer $learner"
  measure pages-lesson "/lessons/$lesson" "Authorization: Bearer $learner"
}

# api_id TOKEN METHOD PATH [JSON]: one API call; prints the answer's "id".
api_id() {
  curl -fsS -X "$2" -H "Authorization: Bearer $1" -H "Content-Type: application/json" \
    ${4:+--data "$4"} "$BASE_URL$3" | grep -o '"id":[0-9]*' | head -n 1 | cut -d: -f2 || true
}

# heartbeats: 5,000 learners (distinct users, spread over 50 lessons backed
# by ready lectures whose segments each learner fetched) post honest
# heartbeats with full validation, the segment rule included, durable
# before the 2xx; wrk drives
# them with scripts/heartbeat.lua over BENCH_HB_CONNECTIONS (320)
# connections. Compare with healthz, the no-op baseline. More connections
# add throughput only until the two cores are busy, and after that only
# queueing: 384 gave ~4 % more heartbeats/s than 320 and a 10 % higher p99.
bench_heartbeats() {
  local file=$WORK/learners.txt
  log "heartbeats: preparing ${BENCH_LEARNERS:-5000} learners with tokens and enrollments"
  "$ROOT/bin/lmsload" prepare --learners "${BENCH_LEARNERS:-5000}" --out "$file" \
    >"$WORK/log/lmsload.log" 2>&1 || { cat "$WORK/log/lmsload.log" >&2; die "lmsload prepare failed"; }
  CONNECTIONS=${BENCH_HB_CONNECTIONS:-320} measure_lua heartbeats "$ROOT/scripts/heartbeat.lua" "$file" "$THREADS"
}


# search: 20,000 generated Chinese study documents (BENCH_SEARCH_DOCS) in
# the embedded index, or in Meilisearch when LMS_MEILI_URL is set. Indexing
# throughput comes from `lms search generate`; then /api/v1/search for an
# admin (no permission filter) with a two-character word, a phrase and a
# single character, and for a learner (filtered) — next to `me` (the same
# token authentication, no search) and healthz, the no-op baselines.
bench_search() {
  local out learner q
  # Fewer connections than the other sections (BENCH_SEARCH_CONNECTIONS, 8):
  # a query costs milliseconds, and 32 in flight on two shared cores would
  # only measure the queue and run into wrk's 2 s timeout.
  local CONNECTIONS=${BENCH_SEARCH_CONNECTIONS:-8}
  # The embedded index belongs to one process: stop the server to fill it.
  kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
  out=$WORK/search-generate.txt
  log "search: lms search generate --docs ${BENCH_SEARCH_DOCS:-20000}"
  "$LMS_BIN" search generate --docs "${BENCH_SEARCH_DOCS:-20000}" >"$out" 2>&1 || { cat "$out" >&2; die "lms search generate failed"; }
  log "search: $(cat "$out") (wrk -c$CONNECTIONS for the search sections)"
  start_server
  learner=$("$LMS_BIN" user token demo_learner | tail -n 1)
  q=/api/v1/search?q=
  measure search-word "${q}%E5%85%9A%E5%BB%BA" "Authorization: Bearer $TOKEN"                      # 党建
  measure search-phrase "${q}%E8%BF%9C%E7%A8%8B%E6%95%99%E8%82%B2%E5%B9%B3%E5%8F%B0" "Authorization: Bearer $TOKEN" # 远程教育平台
  measure search-char "${q}%E5%85%9A" "Authorization: Bearer $TOKEN"                               # 党
  measure search-learner "${q}%E5%85%9A%E5%91%98%E6%95%99%E8%82%B2" "Authorization: Bearer $learner" # 党员教育
}

# quiz: the synchronized exam start. BENCH_EXAM_LEARNERS (3,000) learners
# start the same drawn 50-question timed exam within BENCH_EXAM_WINDOW
# (10s), autosave an answer every 5 s for 15 s, then submit within the same
# window, through bin/quizload (open loop: each latency counts from when
# the request was due), next to GET /healthz with the same arrivals.
bench_quiz() {
  local out line
  go build -o "$WORK/quizload" "$ROOT/cmd/quizload" || die "cannot build cmd/quizload"
  log "quiz: quizload, ${BENCH_EXAM_LEARNERS:-3000} learners, window ${BENCH_EXAM_WINDOW:-10s}"
  out=$WORK/quizload.txt
  "$WORK/quizload" --url "$BASE_URL" --learners "${BENCH_EXAM_LEARNERS:-3000}" \
    --window "${BENCH_EXAM_WINDOW:-10s}" >"$out" || { cat "$out" >&2; die "quizload failed"; }
  while read -r line; do
    set -- $line
    record "$1" "${2#rps=}" "${3#p50=}" "${4#p99=}" "${5#errors=}"
  done <"$out"
}

# report: the completion reports over a generated group (`lms seed scale`:
# BENCH_REPORT_UNITS 10,000 units, BENCH_REPORT_USERS 200,000 people, ~20
# enrollments each; loading takes a few minutes): the units report of the
# whole tree and of one company (a 20th of it), one request at a time (wrk
# -c1: the latency of one committee's click, not a queue), the xlsx export of
# every person (curl, with the server's peak memory meanwhile), next to a
# plain SELECT count(*) over the enrollments (psql, best and worst of 5) in
# the same run.
bench_report() {
  local out root branch token year q
  log "report: lms seed scale --units ${BENCH_REPORT_UNITS:-10000} --users ${BENCH_REPORT_USERS:-200000} (a few minutes)"
  out=$WORK/seed-scale.txt
  "$LMS_BIN" seed scale --units "${BENCH_REPORT_UNITS:-10000}" --users "${BENCH_REPORT_USERS:-200000}" \
    --courses 200 >"$out" 2>&1 || { cat "$out" >&2; die "lms seed scale failed"; }
  log "report: $(tr '\n' ' ' <"$out")"
  root=$(sed -n 's/^root_id=//p' "$out")
  branch=$(sed -n 's/^branch_id=//p' "$out")
  token=$("$LMS_BIN" user token scale_admin | tail -n 1)
  year=$(TZ=Asia/Shanghai date +%Y)
  report_count
  q="year=$year"
  local THREADS=1 CONNECTIONS=1
  measure report-tree "/api/v1/reports/units?org=$root&$q" "Authorization: Bearer $token"
  measure report-branch "/api/v1/reports/units?org=$branch&$q" "Authorization: Bearer $token"
  measure report-courses "/api/v1/reports/courses?org=$root&$q" "Authorization: Bearer $token"
  report_export "/api/v1/reports/people.xlsx?org=$root&$q" "$token"
}

# report_count: SELECT count(*) over the enrollments, five times.
report_count() {
  local times
  times=$(for _ in 1 2 3 4 5; do
    psql "$LMS_DATABASE_URL" -X -q -c '\timing on' -c 'SELECT count(*) FROM enrollments' | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
  done | sort -n)
  [[ -n $times ]] || die "report: psql printed no timing"
  record report-count "$(awk 'NR == 1 {printf "%.2f", 1000 / $1}' <<<"$times")" "$(head -n 1 <<<"$times")" "$(tail -n 1 <<<"$times")" 0
}

# report_export PATH TOKEN: one download, timed, with the server's resident
# memory sampled every 100 ms.
report_export() {
  local out=$WORK/people.xlsx mem=$WORK/rss.txt sampler secs size peak
  (while kill -0 "$SERVER_PID" 2>/dev/null; do awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; sleep 0.1; done) >"$mem" &
  sampler=$!
  read -r secs size < <(curl -fsS -o "$out" -w '%{time_total} %{size_download}\n' -H "Authorization: Bearer $2" "$BASE_URL$1") ||
    { kill "$sampler"; die "report: export failed"; }
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  peak=$(sort -n "$mem" | tail -n 1)
  log "report: xlsx of every person: ${secs} s, $((size / 1024 / 1024)) MiB, server peak RSS $((peak / 1024)) MiB"
  record report-xlsx "$(awk -v s="$secs" 'BEGIN {printf "%.3f", 1 / s}')" "$(awk -v s="$secs" 'BEGIN {printf "%.0f", s * 1000}')" \
    "$(awk -v s="$secs" 'BEGIN {printf "%.0f", s * 1000}')" 0
}

# measure_lua NAME SCRIPT ARGS...: one wrk run whose requests a Lua script
# makes (POSTs), results kept under NAME.
measure_lua() {
  local name=$1 script=$2 out
  shift 2
  if [[ $WARMUP != 0 ]]; then
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$script" "$BASE_URL" -- "$@" >/dev/null
  fi
  log "$name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION -s $(basename "$script")"
  out=$WORK/wrk-$name.txt
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$BASE_URL" -- "$@" >"$out"
  parse_wrk "$name" "$out"
}

# record NAME RPS P50 P99 ERRORS: a result measured by another tool.
record() {
  RPS[$1]=$2 P50[$1]=$3 P99[$1]=$4 ERRORS[$1]=$5
  MEASURED+=("$1")
}

for f in "$ROOT"/scripts/bench.d/*.sh; do
  [[ -e $f ]] && source "$f"
done

# ------------------------------------------------------------------- measure

declare -A RPS=() P50=() P99=() ERRORS=()
MEASURED=()

# to_ms converts a wrk duration (850.00us, 1.20ms, 2.01s, 1.00m) to ms.
to_ms() {
  awk -v d="$1" 'BEGIN {
    n = d + 0; u = d; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1
    if (f < 0) { print "?"; exit }
    printf "%.3f", n * f
  }'
}

# measure NAME PATH [HEADER...]: one wrk run, results kept under NAME.
measure() {
  local name=$1 url=$BASE_URL$2 h out
  shift 2
  local curl_h=() wrk_h=()
  for h in "$@"; do curl_h+=(-H "$h"); wrk_h+=(-H "$h"); done
  curl -fsS -o /dev/null "${curl_h[@]}" "$url" || die "$name: GET $url did not answer 2xx"
  if [[ $WARMUP != 0 ]]; then
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${wrk_h[@]}" "$url" >/dev/null
  fi
  log "$name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION $url"
  out=$WORK/wrk-$name.txt
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${wrk_h[@]}" "$url" >"$out"
  parse_wrk "$name" "$out"
}

# parse_wrk NAME FILE: keep a wrk run's figures under NAME.
parse_wrk() {
  local name=$1 out=$2
  RPS[$name]=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  P50[$name]=$(to_ms "$(awk '/Latency Distribution/ {f = 1} f && $1 == "50%" {print $2; exit}' "$out")")
  P99[$name]=$(to_ms "$(awk '/Latency Distribution/ {f = 1} f && $1 == "99%" {print $2; exit}' "$out")")
  ERRORS[$name]=$(awk '/Non-2xx or 3xx responses:/ {n += $NF}
    /Socket errors:/ {for (i = 3; i <= NF; i++) n += $i}
    END {print n + 0}' "$out")
  MEASURED+=("$name")
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }

report() {
  local name base=$BASELINE
  ((${#MEASURED[@]} > 0)) || return 0 # e.g. only the transcode section ran
  [[ -n ${RPS[$base]:-} ]] || base=${MEASURED[0]}
  echo
  echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) CPUs shared by server, database and wrk"
  printf '%-12s %11s %9s %9s %7s   %-22s\n' section 'req/s' 'p50 ms' 'p99 ms' errors "ratio to $base"
  printf '%-12s %11s %9s %9s %7s   %6s %7s %7s\n' '' '' '' '' '' 'req/s' 'p50' 'p99'
  for name in "${MEASURED[@]}"; do
    printf '%-12s %11s %9s %9s %7s   %6s %7s %7s\n' "$name" "${RPS[$name]}" "${P50[$name]}" \
      "${P99[$name]}" "${ERRORS[$name]}" "$(ratio "${RPS[$name]}" "${RPS[$base]}")" \
      "$(ratio "${P50[$name]}" "${P50[$base]}")" "$(ratio "${P99[$name]}" "${P99[$base]}")"
  done
  for name in "${MEASURED[@]}"; do
    [[ ${ERRORS[$name]} == 0 ]] || die "$name had ${ERRORS[$name]} failed requests: the numbers above are not valid (see the wrk output in the log)"
  done
}

# --------------------------------------------------------------------- setup

SERVER_PID=""
WORK=""

cleanup() {
  local rc=$?
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -n $WORK ]]; then
    if ((rc != 0)) && [[ -f $WORK/log/lms.log ]]; then
      log "last lines of the server log:"
      tail -n 20 "$WORK/log/lms.log" >&2
    fi
    "$ROOT/scripts/stack.sh" stop "$WORK" || true
    rm -rf "$WORK"
  fi
}

start_stack() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/lms-bench.XXXXXX")
  chmod 755 "$WORK"
  "$ROOT/scripts/stack.sh" start "$WORK"
  set -a
  # shellcheck disable=SC1091
  . "$WORK/lms.env"
  set +a
}

prepare_data() {
  log "migrate, seed, token"
  "$LMS_BIN" migrate up >"$WORK/log/migrate.log" 2>&1 || { cat "$WORK/log/migrate.log" >&2; die "migrate up failed"; }
  "$LMS_BIN" seed demo >"$WORK/log/seed.log" 2>&1 || { cat "$WORK/log/seed.log" >&2; die "seed demo failed"; }
  TOKEN=$("$LMS_BIN" user token demo_admin | tail -n 1)
  [[ -n $TOKEN ]] || die "lms user token demo_admin printed no token"
}

start_server() {
  local port i
  port=$("$ROOT/scripts/stack.sh" free-port)
  BASE_URL=http://127.0.0.1:$port
  LMS_LISTEN=127.0.0.1:$port "$LMS_BIN" serve --workers=0 >"$WORK/log/lms.log" 2>&1 &
  SERVER_PID=$!
  for ((i = 0; i < 300; i++)); do
    curl -fsS -o /dev/null --max-time 1 "$BASE_URL/healthz" 2>/dev/null && return
    kill -0 "$SERVER_PID" 2>/dev/null || die "lms serve exited"
    sleep 0.1
  done
  die "lms serve did not answer $BASE_URL/healthz within 30s"
}

main() {
  local s
  (($# > 0)) && SECTIONS=("$@")
  for s in "${SECTIONS[@]}"; do
    declare -F "bench_$s" >/dev/null || die "unknown section $s (have: $(declare -F | sed -n 's/^declare -f bench_//p' | tr '\n' ' '))"
  done
  [[ -x $LMS_BIN ]] || die "$LMS_BIN not found (run: make build)"
  command -v wrk >/dev/null || die "wrk not found (run: make deps)"
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  start_stack
  prepare_data
  start_server
  for s in "${SECTIONS[@]}"; do "bench_$s"; done
  report
}

main "$@"

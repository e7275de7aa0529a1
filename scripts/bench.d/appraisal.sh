# appraisal (群众评议): a campaign over the `lms seed scale` group (the
# report section's data, seeded here if it is not yet): every 党支部's first
# member is its secretary, rated by the branch's other members (~10,000
# targets, ~190,000 respondents). BENCH_APPRAISAL_RESPONDENTS (3,000) of
# them submit within BENCH_APPRAISAL_WINDOW (10s) through bin/appraisalload
# (open loop), next to GET /healthz with the same arrivals; then, the
# campaign closed, the results of the whole campaign one request at a time
# (wrk -c1) and its xlsx (curl, with the server's peak memory meanwhile).
bench_appraisal() {
  local out seed token id line
  out=$WORK/appraisal-seed.txt
  log "appraisal: lms seed scale --units ${BENCH_REPORT_UNITS:-10000} --users ${BENCH_REPORT_USERS:-200000} (a few minutes, once)"
  "$LMS_BIN" seed scale --units "${BENCH_REPORT_UNITS:-10000}" --users "${BENCH_REPORT_USERS:-200000}" \
    --courses 200 >"$out" 2>&1 || { cat "$out" >&2; die "lms seed scale failed"; }
  go build -o "$WORK/appraisalload" "$ROOT/cmd/appraisalload" || die "cannot build cmd/appraisalload"
  out=$WORK/appraisalload.txt
  log "appraisal: appraisalload, ${BENCH_APPRAISAL_RESPONDENTS:-3000} respondents, window ${BENCH_APPRAISAL_WINDOW:-10s}"
  "$WORK/appraisalload" --url "$BASE_URL" --respondents "${BENCH_APPRAISAL_RESPONDENTS:-3000}" \
    --window "${BENCH_APPRAISAL_WINDOW:-10s}" >"$out" || { cat "$out" >&2; die "appraisalload failed"; }
  while read -r line; do
    set -- $line
    case $1 in
      campaign=*) id=${1#campaign=} ;;
      *) record "$1" "${2#rps=}" "${3#p50=}" "${4#p99=}" "${5#errors=}" ;;
    esac
  done <"$out"
  token=$("$LMS_BIN" user token scale_admin | tail -n 1)
  local THREADS=1 CONNECTIONS=1
  measure appraisal-results "/api/v1/appraisals/$id/results" "Authorization: Bearer $token"
  appraisal_export "/api/v1/appraisals/$id/export" "$token"
}

# appraisal_export PATH TOKEN: one workbook download, timed, with the
# server's resident memory sampled every 100 ms.
appraisal_export() {
  local out=$WORK/appraisal.xlsx mem=$WORK/appraisal-rss.txt sampler secs size peak
  (while kill -0 "$SERVER_PID" 2>/dev/null; do awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; sleep 0.1; done) >"$mem" &
  sampler=$!
  read -r secs size < <(curl -fsS -o "$out" -w '%{time_total} %{size_download}\n' -H "Authorization: Bearer $2" "$BASE_URL$1") ||
    { kill "$sampler"; die "appraisal: export failed"; }
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  peak=$(sort -n "$mem" | tail -n 1)
  log "appraisal: xlsx of the campaign: ${secs} s, $((size / 1024)) KiB, server peak RSS $((peak / 1024)) MiB"
  record appraisal-xlsx "$(awk -v s="$secs" 'BEGIN {printf "%.3f", 1 / s}')" "$(awk -v s="$secs" 'BEGIN {printf "%.0f", s * 1000}')" \
    "$(awk -v s="$secs" 'BEGIN {printf "%.0f", s * 1000}')" 0
}

SECTIONS+=(appraisal)

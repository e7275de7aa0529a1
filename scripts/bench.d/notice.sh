# shellcheck shell=bash
# notice: 通知公告 at scale. Over the `lms seed scale` group (BENCH_REPORT_UNITS
# 10,000 units, BENCH_REPORT_USERS 200,000 people; loaded here unless
# bench_report did it in this run), the group's admin publishes a 必读
# notice to the whole group (the audience is decided when read, so
# publishing writes one row: curl, best and worst of 5 notices), half the
# people have read it, and the read status by unit is asked one request at
# a time (wrk -c1) for the whole group and for one company, next to the
# people list's first page and the healthz baseline:
#
#   scripts/bench.sh healthz notice
bench_notice() {
  local out root branch token id times i
  out=$WORK/seed-scale.txt
  if [[ ! -s $out ]]; then
    log "notice: lms seed scale --units ${BENCH_REPORT_UNITS:-10000} --users ${BENCH_REPORT_USERS:-200000} (a few minutes)"
    "$LMS_BIN" seed scale --units "${BENCH_REPORT_UNITS:-10000}" --users "${BENCH_REPORT_USERS:-200000}" \
      --courses "${BENCH_NOTICE_COURSES:-40}" >"$out" 2>&1 || { cat "$out" >&2; die "lms seed scale failed"; }
  fi
  root=$(sed -n 's/^root_id=//p' "$out")
  branch=$(sed -n 's/^branch_id=//p' "$out")
  token=$("$LMS_BIN" user token scale_admin | tail -n 1)
  : >"$WORK/notice-publish.txt"
  for i in 1 2 3 4 5; do
    id=$(api_id "$token" POST /api/v1/notices "{\"title\":\"基准必读通知 $i\",\"unit_id\":$root,\"must_read\":true}")
    [[ -n $id ]] || die "notice: create failed"
    curl -fsS -o /dev/null -w '%{time_total}\n' -X POST -H "Authorization: Bearer $token" \
      "$BASE_URL/api/v1/notices/$id/publish" >>"$WORK/notice-publish.txt" || die "notice: publish failed"
  done
  times=$(awk '{printf "%.1f\n", $1 * 1000}' "$WORK/notice-publish.txt" | sort -n)
  record notice-publish "$(awk 'NR == 1 {printf "%.2f", 1000 / $1}' <<<"$times")" "$(head -n 1 <<<"$times")" "$(tail -n 1 <<<"$times")" 0
  psql "$LMS_DATABASE_URL" -X -q -c "INSERT INTO notice_reads (notice_id, user_id)
    SELECT $id, user_id FROM org_members WHERE user_id % 2 = 0 ON CONFLICT DO NOTHING" >/dev/null
  log "notice: $(curl -fsS -H "Authorization: Bearer $token" "$BASE_URL/api/v1/notices/$id/status" | grep -o '"audience":[0-9]*,"read":[0-9]*' | head -n 1) over the group"
  local THREADS=1 CONNECTIONS=1
  measure notice-status-tree "/api/v1/notices/$id/status" "Authorization: Bearer $token"
  measure notice-status-branch "/api/v1/notices/$id/status?unit=$branch" "Authorization: Bearer $token"
  measure notice-people "/api/v1/notices/$id/people?unit=$branch&state=unread" "Authorization: Bearer $token"
}

SECTIONS+=(notice)

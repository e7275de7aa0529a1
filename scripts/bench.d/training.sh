# shellcheck shell=bash
# training: a class of everyone of a generated group (`lms seed scale
# --users ${BENCH_TRAINING_USERS:-20000}`), through the API of this run's
# server: 2,000 learners check in with the head teacher's code (32 at a
# time), the head teacher ticks off everyone else, the class closes (assessment, 学时 in the ledger, a certificate
# each), 50 single certificate PDFs, then the ZIP of 1,000 certificates
# streamed with the server's peak memory sampled; next to healthz.
bench_training() {
  local out=$WORK/seed-training.txt load=$WORK/trainingload.txt root token kv
  log "training: lms seed scale --units ${BENCH_TRAINING_UNITS:-200} --users ${BENCH_TRAINING_USERS:-20000}"
  "$LMS_BIN" seed scale --units "${BENCH_TRAINING_UNITS:-200}" --users "${BENCH_TRAINING_USERS:-20000}" --courses 40 >"$out" 2>&1 ||
    { cat "$out" >&2; die "lms seed scale failed"; }
  root=$(sed -n 's/^root_id=//p' "$out")
  token=$("$LMS_BIN" user token scale_admin | tail -n 1)
  (cd "$ROOT" && go run ./cmd/trainingload -base "$BASE_URL" -token "$token" -root "$root") >"$load" 2>&1 ||
    { cat "$load" >&2; die "trainingload failed"; }
  kv=$(tr ' ' '\n' <"$load" | grep '=')
  log "training: $(tr '\n' ' ' <<<"$kv")"
  v() { sed -n "s/^$1=//p" <<<"$kv"; }
  record training-checkin "$(v checkin_rps)" "$(v checkin_p50_ms)" "$(v checkin_p99_ms)" "$(v checkin_errors)"
  record training-close "$(awk -v s="$(v close_s)" 'BEGIN {printf "%.3f", 1 / s}')" "$(awk -v s="$(v close_s)" 'BEGIN {printf "%.0f", s * 1000}')" \
    "$(awk -v s="$(v close_s)" 'BEGIN {printf "%.0f", s * 1000}')" 0
  record training-pdf "$(awk -v m="$(v pdf_p50_ms)" 'BEGIN {printf "%.1f", 1000 / m}')" "$(v pdf_p50_ms)" "$(v pdf_p99_ms)" 0
  training_zip "/api/v1/training/classes/$(v class_id)/certificates?limit=1000" "$token"
}

# training_zip PATH TOKEN: one streamed download, timed, with the server's
# resident memory sampled every 100 ms.
training_zip() {
  local out=$WORK/certificates.zip mem=$WORK/rss-zip.txt sampler secs size peak before
  before=$(awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
  (while kill -0 "$SERVER_PID" 2>/dev/null; do awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; sleep 0.1; done) >"$mem" &
  sampler=$!
  read -r secs size < <(curl -fsS -o "$out" -w '%{time_total} %{size_download}\n' -H "Authorization: Bearer $2" "$BASE_URL$1") ||
    { kill "$sampler"; die "training: ZIP failed"; }
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  peak=$(sort -n "$mem" | tail -n 1)
  log "training: ZIP of $(unzip -l "$out" | tail -n 1 | awk '{print $2}') certificates: ${secs} s, $((size / 1024 / 1024)) MiB, server RSS $((before / 1024)) MiB before, peak $((peak / 1024)) MiB"
  record training-zip "$(awk -v s="$secs" 'BEGIN {printf "%.3f", 1 / s}')" "$(awk -v s="$secs" 'BEGIN {printf "%.0f", s * 1000}')" \
    "$(awk -v s="$secs" 'BEGIN {printf "%.0f", s * 1000}')" 0
}

SECTIONS+=(training)

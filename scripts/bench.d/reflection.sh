# reflection: the copy check of one ~800-character reflection against the
# stored shingles of BENCH_REFLECTIONS (5,000) other submissions of the same
# course, each sharing the set phrases every reflection repeats, plus the
# course's article (reflection.BenchmarkCopyCheck5000 on this stack's
# PostgreSQL; loading the 5,000 takes a few minutes on two cores). Run it
# next to healthz: scripts/bench.sh healthz reflection. Target: < 200 ms.
bench_reflection() {
  local out=$WORK/reflection.txt
  log "reflection: go test -bench CopyCheck5000 ./reflection (${BENCH_REFLECTIONS:-5000} others, 20 checks)"
  (cd "$ROOT" && go test -run '^$' -bench CopyCheck5000 -benchtime 20x -timeout 30m ./reflection/) >"$out" 2>&1 ||
    { cat "$out" >&2; die "reflection benchmark failed"; }
  local p50 max nsop
  p50=$(awk '/^BenchmarkCopyCheck5000/ {for (i = 3; i < NF; i++) if ($(i + 1) == "p50_ms") print $i}' "$out")
  max=$(awk '/^BenchmarkCopyCheck5000/ {for (i = 3; i < NF; i++) if ($(i + 1) == "max_ms") print $i}' "$out")
  nsop=$(awk '/^BenchmarkCopyCheck5000/ {print $3}' "$out")
  [[ -n $p50 ]] || { cat "$out" >&2; die "reflection: no figures"; }
  log "reflection: copy check against ${BENCH_REFLECTIONS:-5000}: p50 ${p50} ms, slowest ${max} ms"
  record reflection-copy-check "$(awk -v n="$nsop" 'BEGIN {printf "%.2f", 1e9 / n}')" "$p50" "$max" 0
}
SECTIONS+=(reflection)

package main

import (
	"strings"
	"testing"
)

func TestSearchCommands(t *testing.T) {
	t.Parallel()
	env := stackEnv(t)
	if code, _, errOut := run(t, env, "migrate", "up"); code != 0 {
		t.Fatalf("migrate: %s", errOut)
	}
	code, out, errOut := run(t, env, "search", "generate", "--docs=300")
	if code != 0 || !strings.Contains(out, "indexed 300 documents") || !strings.Contains(out, "docs/s") {
		t.Fatalf("generate: %d %s %s", code, out, errOut)
	}
	// Generated docs belong to no source: a rebuild drops them.
	code, out, errOut = run(t, env, "search", "reindex")
	if code != 0 || !strings.Contains(out, "reindexed 0 entities") {
		t.Fatalf("reindex: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, env, "search", "generate", "--docs=0"); code != 1 || !strings.Contains(errOut, "--docs") {
		t.Errorf("--docs=0: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, env, "search", "frobnicate"); code != 1 || !strings.Contains(errOut, "usage: lms search") {
		t.Errorf("unknown: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, env, "search", "reindex", "--help"); code != 0 || !strings.Contains(errOut, "usage: lms search reindex") {
		t.Errorf("help: %d %s", code, errOut)
	}
}

// Command quizload is the load generator of the `quiz` section of `make
// bench`: N learners start the same drawn exam within a window (the
// synchronized exam start), autosave answers every few seconds, and submit;
// a no-op baseline (GET /healthz) with the same arrival pattern runs first.
// It prints one line per phase for scripts/bench.sh.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"lms/internal/loadgen"
)

func main() {
	fs := flag.NewFlagSet("quizload", flag.ExitOnError)
	url := fs.String("url", "http://127.0.0.1:8080", "base URL of lms serve")
	learners := fs.Int("learners", 3000, "learners taking the exam")
	window := fs.Duration("window", 10*time.Second, "the starts (and the submits) spread over this window")
	bank := fs.Int("bank", 600, "questions in the bank")
	draw := fs.Int("draw", 50, "questions drawn for each learner")
	every := fs.Duration("save-every", 5*time.Second, "each learner autosaves an answer this often")
	saveFor := fs.Duration("save-for", 15*time.Second, "how long the autosaving goes on")
	conns := fs.Int("conns", 256, "connections to the server at most")
	_ = fs.Parse(os.Args[1:])
	ctx := context.Background()
	t0 := time.Now()
	e, err := prepareExam(ctx, os.Getenv("LMS_DATABASE_URL"), *learners, *bank, *draw)
	if err != nil {
		fmt.Fprintln(os.Stderr, "quizload:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "quizload: %d learners, bank of %d, exam %d ready in %v\n", *learners, *bank, e.quizID, time.Since(t0).Round(time.Second))
	r := newRunner(*url, *conns, e)
	results := []struct {
		name string
		res  *loadgen.Result
	}{
		{"quiz-noop", r.noop(*window)},
		{"quiz-start", r.start(*window)},
		{"quiz-save", r.save(*every, *saveFor)},
		{"quiz-submit", r.submit(*window)},
	}
	failed := false
	for _, x := range results {
		x.res.Print("quizload", x.name)
		failed = failed || x.res.Errors() > 0
	}
	if failed {
		os.Exit(1)
	}
}

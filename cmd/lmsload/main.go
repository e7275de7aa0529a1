// Command lmsload is the load generator of `make bench`: it drives a running
// `lms serve` over loopback with many simulated learners, and a no-op
// baseline with the same concurrency in the same run.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	fs := flag.NewFlagSet("lmsload", flag.ExitOnError)
	url := fs.String("url", "http://127.0.0.1:8080", "base URL of lms serve")
	learners := fs.Int("learners", 5000, "simulated learners (distinct users)")
	lessons := fs.Int("lessons", 50, "lessons the learners spread over")
	conns := fs.Int("conns", 128, "requests in flight at once")
	duration := fs.Duration("duration", 10*time.Second, "measured time per section")
	if len(os.Args) < 2 || os.Args[1] != "heartbeats" {
		fmt.Fprintln(os.Stderr, "usage: lmsload heartbeats [flags]   (needs LMS_DATABASE_URL of the server's database)")
		os.Exit(2)
	}
	_ = fs.Parse(os.Args[2:])
	ctx := context.Background()
	set, err := prepareLearners(ctx, os.Getenv("LMS_DATABASE_URL"), *learners, *lessons)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lmsload:", err)
		os.Exit(1)
	}
	hb := runHeartbeats(ctx, *url, set, *conns, *duration)
	noop := runNoop(ctx, *url, *conns, *duration)
	printResult("noop", noop)
	printResult("heartbeats", hb)
	if hb.errors > 0 {
		os.Exit(1)
	}
}

func printResult(name string, r result) {
	// One machine-readable line per section for scripts/bench.sh.
	fmt.Printf("%s rps=%.1f p50=%.3f p99=%.3f errors=%d n=%d\n", name, r.rps(), r.pct(50), r.pct(99), r.errors, len(r.lat))
}

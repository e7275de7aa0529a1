// Command appraisalload is the load generator of the `appraisal` section
// of `make bench`: over the `lms seed scale` group it starts a campaign
// with every 党支部's first member as its secretary and the branch's other
// members as respondents (about 10,000 targets and 190,000 respondents),
// then N respondents submit their ballot within a window, open loop, next
// to GET /healthz with the same arrivals, and the campaign is closed. It
// prints one line per phase for scripts/bench.sh and campaign=ID.
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
	fs := flag.NewFlagSet("appraisalload", flag.ExitOnError)
	url := fs.String("url", "http://127.0.0.1:8080", "base URL of lms serve")
	n := fs.Int("respondents", 3000, "respondents who submit")
	window := fs.Duration("window", 10*time.Second, "the submissions spread over this window")
	conns := fs.Int("conns", 256, "connections to the server at most")
	_ = fs.Parse(os.Args[1:])
	ctx := context.Background()
	t0 := time.Now()
	c, err := prepare(ctx, os.Getenv("LMS_DATABASE_URL"), *n)
	if err != nil {
		fmt.Fprintln(os.Stderr, "appraisalload:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "appraisalload: campaign %d, %d targets, %d respondents, %d tokens, ready in %v\n",
		c.id, c.targets, c.respondents, len(c.voters), time.Since(t0).Round(time.Second))
	r := loadgen.NewClient(*url, *conns)
	noop := loadgen.Spread(len(c.voters), *window, func(int) error { return r.Call("GET", "/healthz", "", nil, nil) })
	submit := loadgen.Spread(len(c.voters), *window, func(i int) error {
		v := c.voters[i]
		return r.Call("POST", fmt.Sprintf("/api/v1/appraisals/%d/targets/%d/ballot", c.id, v.target), v.token,
			map[string]any{"steps": []int{i % 4, (i + 1) % 4, 0}, "grade": i % 3, "comment": "基准意见"}, nil)
	})
	noop.Print("appraisalload", "appraisal-noop")
	submit.Print("appraisalload", "appraisal-submit")
	if err := c.close(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "appraisalload: close:", err)
		os.Exit(1)
	}
	fmt.Printf("campaign=%d\n", c.id)
	if noop.Errors()+submit.Errors() > 0 {
		os.Exit(1)
	}
}

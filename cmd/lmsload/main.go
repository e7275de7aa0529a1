// Command lmsload prepares the heartbeat benchmark of `make bench`: it
// creates learners with API tokens, a course of video lessons backed by
// ready lectures, their enrollments, and a fetch log of every segment, and
// writes "TOKEN LESSON_ID SECONDS" lines for scripts/heartbeat.lua,
// which wrk then drives against a running `lms serve`.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
)

func main() {
	fs := flag.NewFlagSet("lmsload prepare", flag.ExitOnError)
	learners := fs.Int("learners", 5000, "simulated learners (distinct users)")
	lessons := fs.Int("lessons", 50, "lessons the learners spread over")
	out := fs.String("out", "learners.txt", "file to write \"TOKEN LESSON_ID SECONDS\" lines to")
	if len(os.Args) < 2 || os.Args[1] != "prepare" {
		fmt.Fprintln(os.Stderr, "usage: lmsload prepare [flags]   (needs LMS_DATABASE_URL of the server's database)")
		os.Exit(2)
	}
	_ = fs.Parse(os.Args[2:])
	set, err := prepareLearners(context.Background(), os.Getenv("LMS_DATABASE_URL"), *learners, *lessons)
	if err == nil {
		err = writeLearners(*out, set)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "lmsload:", err)
		os.Exit(1)
	}
}

func writeLearners(path string, set []learner) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	for _, l := range set {
		fmt.Fprintf(f, "%s %d %d\n", l.token, l.lessonID, lectureSeconds)
	}
	return f.Close()
}

package scorm_test

import (
	"context"
	"fmt"
	"testing"

	"lms/scorm"
)

// BenchmarkCommit is one learner's commit as the golf example sends it at
// a page turn, through the whole program on the test's PostgreSQL.
func BenchmarkCommit(b *testing.B) {
	w := newWorld(b, 0)
	ctx := context.Background()
	sco := firstSCO(w.importFixture(b, "singlescobasic.zip", "completed"))
	b.ResetTimer()
	for i := range b.N {
		_, err := w.a.Scorm.Commit(ctx, w.learner, w.lesson, sco, scorm.CommitInput{Session: "b", Seq: int64(i + 1),
			Values: [][2]string{{"cmi.core.lesson_location", fmt.Sprint(i % 16)}, {"cmi.core.lesson_status", "incomplete"},
				{"cmi.suspend_data", fmt.Sprint(i)}, {"cmi.core.session_time", "0000:00:10.00"}}})
		if err != nil {
			b.Fatal(err)
		}
	}
}

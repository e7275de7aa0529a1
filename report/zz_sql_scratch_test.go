//go:build scalescratch

package report

import (
	"os"
	"testing"
)

func TestDumpSQL(t *testing.T) {
	os.WriteFile("/tmp/scratch/people.sql", []byte(peopleSQL(Query{Sort: "name"}, activeOnly, " LIMIT $9 OFFSET $10", false)), 0o644)
}

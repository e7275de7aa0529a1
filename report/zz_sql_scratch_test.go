//go:build scalescratch

package report

import (
	"os"
	"testing"
)

func TestDumpSQL(t *testing.T) {
	os.WriteFile("/tmp/scratch/people.sql", []byte(peopleSQL(Query{Sort: "name"}, activeOnly, " LIMIT $4 OFFSET $5", false)), 0o644)
	os.WriteFile("/tmp/scratch/base.sql", []byte(personBase(activeOnly)), 0o644)
}

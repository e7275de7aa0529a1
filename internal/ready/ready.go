// Package ready lets a feature's service say which collaborator the
// program forgot to wire, so the program stops at start instead of
// skipping what that collaborator does.
package ready

import "fmt"

// Need is one collaborator a service needs: its field's name, what goes
// wrong without it, and whether it is missing.
type Need struct {
	Name, Does string
	Missing    bool
}

// Check returns an error naming the first missing collaborator.
func Check(feature string, needs ...Need) error {
	for _, n := range needs {
		if n.Missing {
			return fmt.Errorf("%s: %s is not wired: %s", feature, n.Name, n.Does)
		}
	}
	return nil
}

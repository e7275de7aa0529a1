package scorm

import "strings"

// Node is one activity of the outline with the learner's standing, for
// the lesson page and for sequencing.
type Node struct {
	ID         int64  `json:"id"`
	Identifier string `json:"identifier"`
	Parent     int    `json:"parent"` // index in the outline, -1 at the top
	Depth      int    `json:"depth"`
	Title      string `json:"title"`
	Launch     bool   `json:"launch"` // a SCO or asset; false: a cluster
	Satisfied  bool   `json:"satisfied"`
	Status     string `json:"status"`
}

// Outline is the activity tree in document order. Sequencing supported:
// flow (continue / previous over the leaves in order), choice (any leaf,
// unless the organisation's controlMode forbids it), and completion of
// the tree (a cluster is done when all its leaves are).
type Outline struct {
	Nodes        []Node `json:"nodes"`
	Choice, Flow bool
}

// Next is the leaf after from in flow order, or -1.
func (o Outline) Next(from int) int {
	for i := from + 1; i < len(o.Nodes); i++ {
		if o.Nodes[i].Launch {
			return i
		}
	}
	return -1
}

// Previous is the leaf before from in flow order, or -1.
func (o Outline) Previous(from int) int {
	for i := from - 1; i >= 0; i-- {
		if o.Nodes[i].Launch {
			return i
		}
	}
	return -1
}

// Start is where a learner begins: the first leaf not yet satisfied, else
// the first leaf.
func (o Outline) Start() int {
	for i, n := range o.Nodes {
		if n.Launch && !n.Satisfied {
			return i
		}
	}
	return o.Next(-1)
}

// Done reports whether the cluster or leaf at i is complete: a leaf by
// its record, a cluster when every leaf beneath it is (an empty one is).
func (o Outline) Done(i int) bool {
	if o.Nodes[i].Launch {
		return o.Nodes[i].Satisfied
	}
	for j := i + 1; j < len(o.Nodes) && o.Nodes[j].Depth > o.Nodes[i].Depth; j++ {
		if o.Nodes[j].Launch && !o.Nodes[j].Satisfied {
			return false
		}
	}
	return true
}

// AllDone is the completion of the whole activity tree.
func (o Outline) AllDone() bool {
	for i, n := range o.Nodes {
		if n.Parent == -1 && !o.Done(i) {
			return false
		}
	}
	return len(o.Nodes) > 0
}

// Index finds a node by id, -1 if none.
func (o Outline) Index(id int64) int {
	for i, n := range o.Nodes {
		if n.ID == id {
			return i
		}
	}
	return -1
}

// next is the id of the SCO a navigation request from the SCO id leads
// to, 0 for none.
func (o Outline) next(id int64, req string) int64 {
	byIdentifier := map[string]int{}
	for i, n := range o.Nodes {
		byIdentifier[n.Identifier] = i
	}
	if i := o.Navigate(o.Index(id), req, byIdentifier); i >= 0 {
		return o.Nodes[i].ID
	}
	return 0
}

// Navigate resolves an adl.nav.request the SCO left at Terminate into the
// leaf to show next: -1 shows none (exit, or a request not allowed).
func (o Outline) Navigate(from int, req string, byIdentifier map[string]int) int {
	switch {
	case req == "continue" && o.Flow:
		return o.Next(from)
	case req == "previous" && o.Flow:
		return o.Previous(from)
	case strings.HasPrefix(req, "{target=") && strings.Contains(req, "}") && o.Choice:
		target := strings.TrimPrefix(req[:strings.Index(req, "}")], "{target=")
		if i, ok := byIdentifier[target]; ok && o.Nodes[i].Launch {
			return i
		}
	}
	return -1
}

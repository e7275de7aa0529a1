package course

import (
	"cmp"
	"math"
	"slices"
)

// Span is a stretch of media time [Start, End) in seconds.
type Span struct {
	Start float64 `json:"start"`
	End   float64 `json:"end"`
}

// Len is the span's length, zero when empty or inverted.
func (s Span) Len() float64 { return math.Max(0, s.End-s.Start) }

// Union merges spans into a sorted list of disjoint spans.
func Union(spans ...[]Span) []Span {
	var all []Span
	for _, l := range spans {
		for _, s := range l {
			if s.End > s.Start {
				all = append(all, s)
			}
		}
	}
	slices.SortFunc(all, func(a, b Span) int { return cmp.Compare(a.Start, b.Start) })
	out := make([]Span, 0, len(all))
	for _, s := range all {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = math.Max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// Total is the summed length of disjoint spans.
func Total(spans []Span) float64 {
	var t float64
	for _, s := range spans {
		t += s.Len()
	}
	return t
}

// Intersect keeps the parts of a that also lie in b; both sorted, disjoint.
func Intersect(a, b []Span) []Span {
	var out []Span
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		s := Span{math.Max(a[i].Start, b[j].Start), math.Min(a[i].End, b[j].End)}
		if s.End > s.Start {
			out = append(out, s)
		}
		if a[i].End < b[j].End {
			i++
		} else {
			j++
		}
	}
	return out
}

// Subtract removes b from a; both sorted and disjoint.
func Subtract(a, b []Span) []Span {
	var out []Span
	for _, s := range a {
		cur := s
		for _, x := range b {
			if x.End <= cur.Start || x.Start >= cur.End {
				continue
			}
			if x.Start > cur.Start {
				out = append(out, Span{cur.Start, x.Start})
			}
			cur.Start = x.End
			if cur.Start >= cur.End {
				break
			}
		}
		if cur.End > cur.Start {
			out = append(out, cur)
		}
	}
	return out
}

// Clamp cuts spans to [0, limit].
func Clamp(spans []Span, limit float64) []Span {
	var out []Span
	for _, s := range spans {
		s.Start, s.End = math.Max(0, s.Start), math.Min(limit, s.End)
		if s.End > s.Start {
			out = append(out, s)
		}
	}
	return out
}

// Budget keeps the earliest seconds of spans up to a total of budget.
func Budget(spans []Span, budget float64) []Span {
	var out []Span
	for _, s := range spans {
		if budget <= 0 {
			break
		}
		if s.Len() > budget {
			s.End = s.Start + budget
		}
		budget -= s.Len()
		out = append(out, s)
	}
	return out
}

// Reachable keeps the spans (sorted, disjoint) up to the first that starts
// more than slack past the furthest point reached, each kept span moving
// that point on.
func Reachable(spans []Span, furthest, slack float64) []Span {
	for i, s := range spans {
		if s.Start > furthest+slack {
			return spans[:i]
		}
		furthest = math.Max(furthest, s.End)
	}
	return spans
}

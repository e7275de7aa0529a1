package quiz

import "fmt"

// Item is a question read from a file, with the line (or spreadsheet row)
// it starts on.
type Item struct {
	Line     int
	Question Question
}

// Problem is a question of a file that cannot be imported, and why.
type Problem struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

func (p Problem) String() string { return fmt.Sprintf("第 %d 行：%s", p.Line, p.Message) }

// Parsed is what a parser read: the questions it understood and a problem
// for each one it did not. An import writes nothing unless Problems is empty.
type Parsed struct {
	Items    []Item
	Problems []Problem
}

func (p *Parsed) fail(line int, format string, args ...any) {
	p.Problems = append(p.Problems, Problem{Line: line, Message: fmt.Sprintf(format, args...)})
}

// add checks a question and keeps it, or reports why it cannot be kept.
func (p *Parsed) add(line int, q Question) {
	if err := q.Normalize(); err != nil {
		p.fail(line, "%s", err.Error())
		return
	}
	p.Items = append(p.Items, Item{Line: line, Question: q})
}

package quiz

import (
	"fmt"
	"strconv"
	"strings"
)

var giftEscaper = strings.NewReplacer(`\`, `\\`, "~", `\~`, "=", `\=`, "#", `\#`, "{", `\{`,
	"}", `\}`, ":", `\:`, "\r\n", `\n`, "\n", `\n`)

func giftEscape(s string) string { return giftEscaper.Replace(s) }

// WriteGIFT writes questions in GIFT; ParseGIFT reads them back the same.
func WriteGIFT(qs []Question) string {
	var b strings.Builder
	category := ""
	for i, q := range qs {
		if i == 0 || q.KnowledgePoint != category {
			category = q.KnowledgePoint
			fmt.Fprintf(&b, "$CATEGORY: %s\n\n", strings.ReplaceAll(category, "\n", " "))
		}
		writeGIFTQuestion(&b, &q)
	}
	return b.String()
}

func writeGIFTQuestion(b *strings.Builder, q *Question) {
	b.WriteString("// [difficulty:" + strconv.Itoa(q.Difficulty) + "]")
	for _, t := range q.Tags {
		b.WriteString(" [tag:" + strings.NewReplacer("]", `\]`, "\n", " ").Replace(t) + "]")
	}
	b.WriteString("\n")
	if q.Title != "" {
		b.WriteString("::" + giftEscape(q.Title) + "::")
	}
	b.WriteString("[html]")
	blocks := giftAnswerBlocks(q)
	general := ""
	if q.Explanation != "" {
		general = "####" + giftEscape(q.Explanation)
	}
	// The general feedback belongs to the last block.
	blocks[len(blocks)-1] = strings.TrimSuffix(blocks[len(blocks)-1], "}") + general + "}"
	parts := strings.Split(giftEscape(q.Stem), BlankMark)
	for i, p := range parts {
		b.WriteString(p)
		if i < len(parts)-1 && i < len(blocks) {
			b.WriteString(blocks[i])
		} else if i < len(parts)-1 {
			b.WriteString(BlankMark)
		}
	}
	for i := len(parts) - 1; i < len(blocks); i++ {
		b.WriteString(blocks[i])
	}
	b.WriteString("\n\n")
}

// giftAnswerBlocks returns one {…} per blank of a fill-in question and a
// single one for every other type.
func giftAnswerBlocks(q *Question) []string {
	switch q.Type {
	case Fill:
		var out []string
		for _, bl := range q.Body.Blanks {
			out = append(out, "{"+giftOptions(bl.Answers, "=")+"}")
		}
		return out
	case TrueFalse:
		return []string{giftTrueFalse(q.Body.Options)}
	case Numeric:
		return []string{"{#" + giftRanges(q.Body.Ranges) + "}"}
	case Short:
		return []string{"{}"}
	case Match:
		return []string{"{" + giftPairs(q.Body.Pairs) + "}"}
	case Multiple:
		return []string{"{" + giftOptions(q.Body.Options, "~") + "}"}
	}
	return []string{"{" + giftOptions(q.Body.Options, "") + "}"}
}

// giftOptions writes each answer; mark forces "=" or "~", otherwise a
// full-credit answer gets "=" and the rest "~".
func giftOptions(opts []Option, mark string) string {
	var b strings.Builder
	for _, o := range opts {
		m := mark
		if m == "" {
			m = "~"
			if o.Weight == 1 {
				m = "="
			}
		}
		b.WriteString("\n" + m)
		if m == "~" && o.Weight != 0 || m == "=" && o.Weight != 1 {
			b.WriteString("%" + percent(o.Weight) + "%")
		}
		b.WriteString(giftEscape(o.Text))
		if o.Feedback != "" {
			b.WriteString("#" + giftEscape(o.Feedback))
		}
	}
	return b.String() + "\n"
}

func percent(w float64) string { return strconv.FormatFloat(w*100, 'f', -1, 64) }

func giftTrueFalse(opts []Option) string {
	truth := opts[0].Weight == 1
	right, wrong := opts[0], opts[1]
	word := "TRUE"
	if !truth {
		right, wrong, word = opts[1], opts[0], "FALSE"
	}
	s := "{" + word
	if wrong.Feedback != "" || right.Feedback != "" {
		s += "#" + giftEscape(wrong.Feedback)
	}
	if right.Feedback != "" {
		s += "#" + giftEscape(right.Feedback)
	}
	return s + "}"
}

func giftRanges(rs []Range) string {
	var b strings.Builder
	for _, r := range rs {
		if r.Any {
			b.WriteString("\n~")
			if r.Weight != 0 {
				b.WriteString("%" + percent(r.Weight) + "%")
			}
			b.WriteString("#" + giftEscape(r.Feedback))
			continue
		}
		b.WriteString("\n=")
		if r.Weight != 1 {
			b.WriteString("%" + percent(r.Weight) + "%")
		}
		b.WriteString(num(r.Value) + ":" + num(r.Tolerance))
		if r.Feedback != "" {
			b.WriteString("#" + giftEscape(r.Feedback))
		}
	}
	return b.String() + "\n"
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func giftPairs(pairs []Pair) string {
	var b strings.Builder
	for _, p := range pairs {
		b.WriteString("\n=" + giftEscape(p.Prompt) + " -> " + giftEscape(p.Answer))
	}
	return b.String() + "\n"
}

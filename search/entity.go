package search

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on one doc, so one huge file cannot swamp the index.
const (
	maxTitleRunes = 500
	maxBodyRunes  = 100_000
	maxDocs       = 20_000 // per entity: a long document, a long video's cues
)

// makeEntity prepares a source's docs for the index: ids, entity key,
// stamp, and sizes cut to the limits. What had to be left out comes back as
// a content problem.
func makeEntity(kind string, id int64, docs []Doc, stamp int64) (Entity, *ContentError) {
	var problem *ContentError
	if len(docs) > maxDocs {
		problem = contentErr(nil, "内容过多：只检索了前 %d 段（共 %d 段）", maxDocs, len(docs))
		docs = docs[:maxDocs]
	}
	e := Entity{Key: EntityKey(kind, id), Docs: make([]Doc, 0, len(docs)), Stamp: stamp}
	for i, d := range docs {
		if !validKind(d.Kind) {
			problem = contentErr(fmt.Errorf("source %s returned kind %q", kind, d.Kind), "有内容类型未知，未能检索")
			continue
		}
		d.ID, d.Entity, d.Stamp = docID(kind, id, i), e.Key, stamp
		d.Title = cut(strings.TrimSpace(d.Title), maxTitleRunes)
		d.Body = cut(d.Body, maxBodyRunes)
		e.Docs = append(e.Docs, d)
	}
	return e, problem
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func nowMicros() int64 { return time.Now().UnixMicro() }

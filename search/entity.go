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
// stamp, and bodies cut to size.
func makeEntity(kind string, id int64, docs []Doc, stamp int64) (Entity, error) {
	if len(docs) > maxDocs {
		return Entity{}, contentErr(nil, "内容过多：一个条目最多 %d 段可检索文字", maxDocs)
	}
	e := Entity{Key: EntityKey(kind, id), Docs: make([]Doc, 0, len(docs)), Stamp: stamp}
	for i, d := range docs {
		if !validKind(d.Kind) {
			return Entity{}, fmt.Errorf("search source %s returned a doc of unknown kind %q", kind, d.Kind)
		}
		d.ID, d.Entity, d.Stamp = docID(kind, id, i), e.Key, stamp
		d.Title = cut(strings.TrimSpace(d.Title), maxTitleRunes)
		d.Body = cut(d.Body, maxBodyRunes)
		e.Docs = append(e.Docs, d)
	}
	return e, nil
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func nowMicros() int64 { return time.Now().UnixMicro() }

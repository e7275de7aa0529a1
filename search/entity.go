package search

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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
// stamp, sizes cut to the limits, and the version of what it holds. What
// had to be left out comes back as a content problem.
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
	e.Version = HashDocs(e.Docs, e.Key)
	return e, problem
}

// restamp marks the entity's docs as written now. Stamps are taken when
// the docs are written, not when they were read: a job that read before `lms
// search reindex` began but writes after it must not be swept away by its
// DeleteBefore.
func (e *Entity) restamp(stamp int64) {
	e.Stamp = stamp
	for i := range e.Docs {
		e.Docs[i].Stamp = stamp
	}
}

// HashDocs is a short hash of docs and a few more strings, stamps left out:
// two reads of the same content hash alike. Sources use it for their
// Version.
func HashDocs(docs []Doc, more ...string) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, d := range docs {
		d.Stamp = 0
		_ = enc.Encode(d) // only a NaN fails, and leaves the doc out alike each time
	}
	for _, s := range more {
		fmt.Fprintf(h, "%d:%s\n", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

func nowMicros() int64 { return time.Now().UnixMicro() }

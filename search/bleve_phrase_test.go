package search

import (
	"context"
	"math"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// phraseCorpus is generated study text plus docs made to trip a phrase
// check: the bigrams all there but apart, out of order, across a comma,
// repeated, and at the very start and end of a field.
func phraseCorpus(t *testing.T) *Bleve {
	t.Helper()
	idx, err := NewBleveMemory()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idx.Close() })
	es := GenerateEntities(3000, 7, nowMicros())
	for i, body := range []string{
		"远程教育，平台建设", "平台远程教育", "教育平台远程", "远程教育平台远程教育平台",
		"远程教远程教育平", "教育远程平台", "程教育平台远", "远程，教育平台", "党员党员党员教育",
		"远程教育平台", "员教育党员", "党员教，育党员",
	} {
		e, _ := makeEntity("trap", int64(i+1), []Doc{{Kind: KindLesson, Title: body, Body: body, Tags: []string{body},
			Published: true, Open: true}}, nowMicros())
		es = append(es, e)
	}
	if err := idx.Replace(context.Background(), es); err != nil {
		t.Fatal(err)
	}
	return idx
}

// oldPhrase is how the bigram fields were searched before: bleve's match
// phrase query.
func oldPhrase(text, field string, boost float64) query.Query {
	p := bleve.NewMatchPhraseQuery(text)
	p.SetField(field)
	p.SetBoost(boost)
	return p
}

func scores(t *testing.T, idx *Bleve, q query.Query) (map[string]float64, uint64) {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 20000, 0, false)
	res, err := idx.idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, h := range res.Hits {
		out[h.ID] = h.Score
	}
	return out, res.Total
}

// The phrase query finds exactly the docs bleve's match phrase query finds,
// with the same scores (so in the same order), in every bigram field.
func TestHanPhraseMatchesBlevePhrase(t *testing.T) {
	t.Parallel()
	idx := phraseCorpus(t)
	for _, text := range []string{"远程教育平台", "远程教育", "党员教育", "教育平台", "党员党员", "员党员教",
		"学习贯彻党的二十大精神", "待处理事项", "远程教", "平台远程", "不存在的短语", "党员教育专题培训"} {
		for _, field := range []string{"title", "tags", "body"} {
			want, wantN := scores(t, idx, oldPhrase(text, field, 3))
			got, gotN := scores(t, idx, newHanPhrase(text, field, 3))
			if gotN != wantN || len(got) != len(want) {
				t.Errorf("%s in %s: %d hits, want %d", text, field, gotN, wantN)
				continue
			}
			for id, s := range want {
				if g, ok := got[id]; !ok || math.Abs(g-s) > 1e-9*s {
					t.Errorf("%s in %s: %s scores %v, want %v", text, field, id, g, s)
				}
			}
		}
	}
}

// A phrase does not reach across a punctuation mark in the embedded index:
// the bigram fields pair only characters that stand side by side. Written
// with the mark, it is two words, each of which must match.
func TestBlevePhraseStopsAtPunctuation(t *testing.T) {
	t.Parallel()
	idx, err := NewBleveMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	load(t, idx, fixtures()) // course-1-0: …开展党员教育，服务基层党建工作。
	for q, want := range map[string]int{"党员教育服务": 0, "教育服务基层": 0, "党员教育，服务": 1, "开展党员教育": 1} {
		if r := find(t, idx, Query{Text: q, Filter: admin}); len(r.Hits) != want {
			t.Errorf("%q: %v, want %d hits", q, ids(r), want)
		}
	}
}

package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// hanPhrase finds a run of Han characters in a bigram field: the same docs,
// with the same scores, as bleve's match phrase query, at a fraction of the
// cost. Bleve's phrase searcher builds maps of term locations for every doc
// that holds all the bigrams, which for a common phrase is half the index;
// here the conjunction of the bigram terms scores (it is what the phrase
// searcher scores with) and a filter checks their positions with no
// allocation per doc.
type hanPhrase struct {
	text, field string
	boost       float64
}

func newHanPhrase(text, field string, boost float64) query.Query {
	return &hanPhrase{text: text, field: field, boost: boost}
}

func (q *hanPhrase) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping,
	opts search.SearcherOptions) (search.Searcher, error) {
	terms, ok := q.bigrams(m)
	if !ok { // not a plain run of bigrams: bleve's own phrase query
		p := query.NewMatchPhraseQuery(q.text)
		p.SetField(q.field)
		p.SetBoost(q.boost)
		return p.Searcher(ctx, r, m, opts)
	}
	if len(terms) == 1 {
		return searcher.NewTermSearcher(ctx, r, terms[0], q.field, q.boost, opts)
	}
	scored := make([]search.Searcher, 0, len(terms))
	closeAll := func() {
		for _, s := range scored {
			_ = s.Close()
		}
	}
	for _, t := range terms {
		s, err := searcher.NewTermSearcher(ctx, r, t, q.field, q.boost, opts)
		if err != nil {
			closeAll()
			return nil, err
		}
		scored = append(scored, s)
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, scored, opts)
	if err != nil {
		closeAll()
		return nil, err
	}
	check, err := newPositionCheck(ctx, r, terms, q.field)
	if err != nil {
		_ = conj.Close()
		return nil, err
	}
	return &phraseSearcher{FilteringSearcher: searcher.NewFilteringSearcher(ctx, conj, check.accept), check: check}, nil
}

// bigrams are the field analyzer's tokens of the text, one per position, as
// the match phrase query would make them; !ok when they are anything else.
func (q *hanPhrase) bigrams(m mapping.IndexMapping) ([]string, bool) {
	a := m.AnalyzerNamed(cjk.AnalyzerName)
	if a == nil {
		return nil, false
	}
	tokens := a.Analyze([]byte(q.text))
	out := make([]string, 0, len(tokens))
	for i, t := range tokens {
		if t.Position != tokens[0].Position+i {
			return nil, false
		}
		out = append(out, string(t.Term))
	}
	return out, len(out) > 0
}

// phraseSearcher is the filtered conjunction; closing it closes the
// position readers too.
type phraseSearcher struct {
	*searcher.FilteringSearcher
	check *positionCheck
}

func (s *phraseSearcher) Close() error {
	err := s.FilteringSearcher.Close()
	s.check.close()
	return err
}

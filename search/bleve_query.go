package search

import (
	"context"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

type (
	queryT      = query.Query
	searchFacet = bsearch.FacetResult
)

// Search runs a validated query. Every term must match (an exact substring
// for Chinese, a word within its typo budget for Latin); the bigram fields
// only add to the score.
func (b *Bleve) Search(ctx context.Context, q Query) (*Result, error) {
	req := bleve.NewSearchRequestOptions(bleveQuery(q, true), q.PerPage, (q.Page-1)*q.PerPage, false)
	req.Fields = []string{"doc"}
	if len(q.Kinds) == 0 {
		req.AddFacet("kind", bleve.NewFacetRequest("kind", len(Kinds)))
	}
	res, err := b.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out := &Result{Hits: []Hit{}, Total: int(res.Total), Page: q.Page, PerPage: q.PerPage}
	for _, h := range res.Hits {
		var d Doc
		raw, _ := h.Fields["doc"].(string)
		if err := json.Unmarshal([]byte(raw), &d); err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, toHit(d, q.terms))
	}
	if len(q.Kinds) == 0 {
		out.Kinds = kindCounts(res.Facets["kind"])
		return out, nil
	}
	out.Kinds, err = b.countKinds(ctx, q)
	return out, err
}

// countKinds counts hits per kind without the kind narrowing, for the tabs
// of the results page.
func (b *Bleve) countKinds(ctx context.Context, q Query) (map[string]int, error) {
	req := bleve.NewSearchRequestOptions(bleveQuery(q, false), 0, 0, false)
	req.AddFacet("kind", bleve.NewFacetRequest("kind", len(Kinds)))
	res, err := b.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	return kindCounts(res.Facets["kind"]), nil
}

func kindCounts(f *searchFacet) map[string]int {
	out := map[string]int{}
	if f == nil || f.Terms == nil {
		return out
	}
	for _, t := range f.Terms.Terms() {
		out[t.Term] = t.Count
	}
	return out
}

func bleveQuery(q Query, withKinds bool) query.Query {
	bq := bleve.NewBooleanQuery()
	for _, t := range q.terms {
		bq.AddMust(termMatch(t))
	}
	filters := []query.Query{}
	if v := visibility(q.Filter); v != nil {
		filters = append(filters, v)
	}
	filters = append(filters, narrowing(q, withKinds)...)
	if len(filters) > 0 {
		bq.AddFilter(bleve.NewConjunctionQuery(filters...))
	}
	return bq
}

// termMatch matches one query term in the title, the tags or the body.
func termMatch(t term) query.Query {
	var alts []query.Query
	for field, boost := range map[string]float64{"title": 3, "tags": 2, "body": 1} {
		alts = append(alts, fieldMatch(t, field, boost)...)
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// fieldMatch picks the cheapest exact form of a term. Two or more Han
// characters: a phrase of bigrams on the cjk field (a substring is exactly
// its run of bigrams, and bigrams are rare terms, so this is fast). One
// character: a term on the unigram field. Han mixed with letters or digits:
// a phrase on the unigram field. Latin words: typo-tolerant matches.
func fieldMatch(t term, field string, boost float64) []query.Query {
	n := utf8.RuneCountInString(t.text)
	switch {
	case t.han && t.pureHan && n == 2: // one bigram: a plain term, no positions to check
		tq := bleve.NewTermQuery(t.text)
		tq.SetField(field)
		tq.SetBoost(boost)
		return []query.Query{tq}
	case t.han && t.pureHan && n > 2:
		return []query.Query{newHanPhrase(t.text, field, boost)}
	case t.han && t.pureHan:
		tq := bleve.NewTermQuery(t.text)
		tq.SetField(field + "_uni")
		tq.SetBoost(boost)
		return []query.Query{tq}
	}
	field += "_uni"
	if !t.latin {
		p := bleve.NewMatchPhraseQuery(t.text)
		p.SetField(field)
		p.SetBoost(boost)
		return []query.Query{p}
	}
	m := bleve.NewMatchQuery(t.text)
	m.SetField(field)
	m.SetFuzziness(t.fuzzy)
	m.SetBoost(boost)
	out := []query.Query{m}
	if t.prefix {
		p := bleve.NewPrefixQuery(t.text)
		p.SetField(field)
		p.SetBoost(boost / 2)
		out = append(out, p)
	}
	return out
}

// visibility is the permission filter (see Filter) as one disjunction of
// terms on the "vis" field: one pass over a few posting lists, far cheaper
// than combining boolean fields that most docs share.
func visibility(f Filter) query.Query {
	if f.All {
		return nil
	}
	return termsQuery("vis", visAllowed(f))
}

// visTokens are a doc's "vis" terms: who may see it, by rule; a
// trainer-only doc's terms carry a "t" prefix.
func visTokens(d Doc) []string {
	var out []string
	if d.Published && d.Open {
		out = append(out, "open")
	}
	if d.Published {
		out = append(out, "c"+strconv.FormatInt(d.CourseID, 10))
	}
	out = append(out, "m"+strconv.FormatInt(d.CourseID, 10))
	for _, id := range d.OwnerIDs {
		out = append(out, "u"+strconv.FormatInt(id, 10))
	}
	for _, a := range d.Audience {
		out = append(out, "a"+a)
	}
	if d.TrainerOnly {
		for i := range out {
			out[i] = "t" + out[i]
		}
	}
	return out
}

// visAllowed are the "vis" terms a filter admits.
func visAllowed(f Filter) []string {
	out := []string{"open"}
	for _, id := range f.CourseIDs {
		out = append(out, "c"+strconv.FormatInt(id, 10))
	}
	for _, id := range f.ManageIDs {
		out = append(out, "m"+strconv.FormatInt(id, 10))
	}
	if f.UserID != 0 {
		out = append(out, "u"+strconv.FormatInt(f.UserID, 10))
	}
	for _, a := range f.Audience {
		out = append(out, "a"+a)
	}
	if f.Trainer {
		for _, t := range out[:len(out):len(out)] {
			out = append(out, "t"+t)
		}
	}
	return out
}

// narrowing is what the asker chose; it can only take away.
func narrowing(q Query, withKinds bool) []query.Query {
	var out []query.Query
	if withKinds && len(q.Kinds) > 0 {
		out = append(out, termsQuery("kind", q.Kinds))
	}
	if q.CourseID != 0 {
		out = append(out, idTerms("course", []int64{q.CourseID})...)
	}
	if q.Category != "" {
		out = append(out, termsQuery("category", []string{q.Category}))
	}
	if q.Mine {
		mine := append(idTerms("course", append(append([]int64{}, q.Filter.CourseIDs...), q.Filter.ManageIDs...)),
			idTerms("owners", []int64{q.Filter.UserID})...)
		out = append(out, bleve.NewDisjunctionQuery(mine...))
	}
	return out
}

func idTerms(field string, ids []int64) []query.Query {
	out := make([]query.Query, 0, len(ids))
	for _, id := range ids {
		t := bleve.NewTermQuery(strconv.FormatInt(id, 10))
		t.SetField(field)
		out = append(out, t)
	}
	return out
}

func termsQuery(field string, values []string) query.Query {
	alts := make([]query.Query, len(values))
	for i, v := range values {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		alts[i] = t
	}
	return bleve.NewDisjunctionQuery(alts...)
}

package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// positionCheck tells whether a doc holds terms[0], terms[1], … at
// consecutive positions of one field. Docs come in increasing order (a
// searcher's), so each term's reader only ever moves forward, and the
// buffers it fills are reused from doc to doc. The fields it checks hold no
// arrays, so positions alone decide.
type positionCheck struct {
	readers []index.TermFieldReader
	docs    []*index.TermFieldDoc
	lastID  index.IndexInternalID
	lastOK  bool
}

func newPositionCheck(ctx context.Context, r index.IndexReader, terms []string, field string) (*positionCheck, error) {
	c := &positionCheck{}
	for _, t := range terms {
		tfr, err := r.TermFieldReader(ctx, []byte(t), field, false, false, true)
		if err != nil {
			c.close()
			return nil, err
		}
		c.readers = append(c.readers, tfr)
		c.docs = append(c.docs, &index.TermFieldDoc{})
	}
	return c, nil
}

func (c *positionCheck) accept(_ *search.SearchContext, d *search.DocumentMatch) bool {
	if c.lastID != nil && c.lastID.Equals(d.IndexInternalID) {
		return c.lastOK // asked again: a reader cannot move back to it
	}
	c.lastID = append(c.lastID[:0], d.IndexInternalID...)
	c.lastOK = c.at(d.IndexInternalID)
	return c.lastOK
}

// at moves every reader to the doc and looks for a start position p with
// terms[i] at p+i for every i.
func (c *positionCheck) at(id index.IndexInternalID) bool {
	for i, r := range c.readers {
		tfd, err := r.Advance(id, c.docs[i])
		if err != nil || tfd == nil || !tfd.ID.Equals(id) {
			return false
		}
		c.docs[i] = tfd
	}
	for _, first := range c.docs[0].Vectors {
		if c.runFrom(first.Pos) {
			return true
		}
	}
	return false
}

func (c *positionCheck) runFrom(p uint64) bool {
	for i := 1; i < len(c.docs); i++ {
		if !hasPos(c.docs[i].Vectors, p+uint64(i)) {
			return false
		}
	}
	return true
}

func hasPos(vs []*index.TermFieldVector, p uint64) bool {
	for _, v := range vs {
		if v.Pos == p {
			return true
		}
	}
	return false
}

func (c *positionCheck) close() {
	for _, r := range c.readers {
		_ = r.Close()
	}
}

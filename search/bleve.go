package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bolt "go.etcd.io/bbolt"
)

// uniAnalyzer keeps every Han character a token of its own (the unicode
// tokenizer splits ideographs; the cjk analyzer would then pair them into
// bigrams). Phrase queries on it find any substring: a single character,
// or 处理 inside 待处理, which the bigram field alone never finds.
const uniAnalyzer = "lms_uni"

// Bleve is the embedded backend: an index in a folder, for one process.
type Bleve struct {
	idx bleve.Index
}

// ErrIndexBusy: another process holds the embedded index.
var ErrIndexBusy = errors.New("the embedded search index is held by another lms process " +
	"(lms serve or lms worker): stop it first, or use Meilisearch (LMS_MEILI_URL) to share one index")

// OpenBleve opens the index under dir, creating it when missing.
func OpenBleve(dir string) (*Bleve, error) {
	cfg := map[string]any{"bolt_timeout": "2s"}
	idx, err := bleve.OpenUsing(dir, cfg)
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		if err := os.MkdirAll(filepath.Dir(dir), 0o750); err != nil {
			return nil, err
		}
		idx, err = bleve.NewUsing(dir, bleveMapping(), scorch.Name, scorch.Name, cfg)
	}
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, ErrIndexBusy
	}
	if err != nil {
		return nil, fmt.Errorf("open search index %s: %w", dir, err)
	}
	return &Bleve{idx: idx}, nil
}

// NewBleveMemory is an index in memory only, for tests and benchmarks.
func NewBleveMemory() (*Bleve, error) {
	// scorch with no path keeps its segments in memory: the same engine as
	// on disk, unlike bleve.NewMemOnly's older one.
	idx, err := bleve.NewUsing("", bleveMapping(), scorch.Name, scorch.Name, nil)
	return &Bleve{idx: idx}, err
}

func bleveMapping() *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	err := im.AddCustomAnalyzer(uniAnalyzer, map[string]any{
		"type": custom.Name, "tokenizer": unicode.Name,
		"token_filters": []any{cjk.WidthName, lowercase.Name},
	})
	if err != nil {
		panic(err) // the names above are bleve's own
	}
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range []string{"entity", "kind", "course", "owners", "category", "vis"} {
		dm.AddFieldMappingsAt(f, bleve.NewKeywordFieldMapping())
	}
	dm.AddFieldMappingsAt("stamp", bleve.NewNumericFieldMapping())
	for _, f := range []string{"title", "tags", "body"} {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer, fm.Store, fm.IncludeInAll, fm.DocValues = cjk.AnalyzerName, false, false, false
		dm.AddFieldMappingsAt(f, fm) // term vectors stay on: phrases of bigrams need positions
	}
	for _, f := range []string{"title_uni", "tags_uni", "body_uni"} {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer, fm.Store, fm.IncludeInAll, fm.DocValues = uniAnalyzer, false, false, false
		dm.AddFieldMappingsAt(f, fm) // term vectors stay on: phrase queries need positions
	}
	stored := bleve.NewTextFieldMapping()
	stored.Index, stored.Store, stored.IncludeTermVectors, stored.IncludeInAll, stored.DocValues = false, true, false, false, false
	dm.AddFieldMappingsAt("doc", stored)
	im.DefaultMapping = dm
	im.DefaultAnalyzer = uniAnalyzer
	return im
}

// bleveFields is how a Doc is indexed; "doc" keeps the whole Doc to return.
func bleveFields(d Doc) (map[string]any, error) {
	raw, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	owners := make([]string, len(d.OwnerIDs))
	for i, id := range d.OwnerIDs {
		owners[i] = strconv.FormatInt(id, 10)
	}
	tags := ""
	for _, t := range d.Tags {
		tags += t + "\n"
	}
	return map[string]any{
		"entity": d.Entity, "kind": d.Kind, "course": strconv.FormatInt(d.CourseID, 10),
		"owners": owners, "category": d.Category,
		"vis":   visTokens(d),
		"stamp": float64(d.Stamp), "title": d.Title, "tags": tags, "body": d.Body,
		"title_uni": d.Title, "tags_uni": tags, "body_uni": d.Body, "doc": string(raw),
	}, nil
}

// Replace swaps each entity's docs in one batch, so a search sees either
// the old docs or the new ones.
func (b *Bleve) Replace(ctx context.Context, entities []Entity) error {
	if len(entities) == 0 {
		return nil
	}
	keys := make([]string, len(entities))
	keep := map[string]bool{}
	batch := b.idx.NewBatch()
	for i, e := range entities {
		keys[i] = e.Key
		for _, d := range e.Docs {
			fields, err := bleveFields(d)
			if err != nil {
				return err
			}
			keep[d.ID] = true
			if err := batch.Index(d.ID, fields); err != nil {
				return err
			}
		}
	}
	old, err := b.idsWhere(ctx, termsQuery("entity", keys))
	if err != nil {
		return err
	}
	for _, id := range old {
		if !keep[id] {
			batch.Delete(id)
		}
	}
	return b.idx.Batch(batch)
}

// DeleteBefore removes docs stamped before the given time.
func (b *Bleve) DeleteBefore(ctx context.Context, stamp int64) error {
	lim := float64(stamp)
	rq := bleve.NewNumericRangeQuery(nil, &lim)
	rq.SetField("stamp")
	ids, err := b.idsWhere(ctx, rq)
	if err != nil || len(ids) == 0 {
		return err
	}
	batch := b.idx.NewBatch()
	for _, id := range ids {
		batch.Delete(id)
	}
	return b.idx.Batch(batch)
}

func (b *Bleve) idsWhere(ctx context.Context, q queryT) ([]string, error) {
	var ids []string
	const page = 5000
	for from := 0; ; from += page {
		req := bleve.NewSearchRequestOptions(q, page, from, false)
		req.SortBy([]string{"_id"})
		res, err := b.idx.SearchInContext(ctx, req)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < page {
			return ids, nil
		}
	}
}

// Count is the number of docs in the index.
func (b *Bleve) Count(context.Context) (int, error) {
	n, err := b.idx.DocCount()
	return int(n), err
}

// Close releases the index (and its lock).
func (b *Bleve) Close() error { return b.idx.Close() }

package search

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/meilisearch/meilisearch-go"
)

// Meili is the Meilisearch backend: one index shared by every lms process.
type Meili struct {
	client meilisearch.ServiceManager
	index  meilisearch.IndexManager
	uid    string

	mu    sync.Mutex
	ready bool // the index exists with our settings
}

// DefaultMeiliIndex is the index uid the platform uses.
const DefaultMeiliIndex = "lms_study"

const meiliBatch = 1000 // documents per request

// meiliDoc is a Doc as Meilisearch stores it: the unigram copies make a
// match inside a Chinese word findable as a phrase of single characters,
// which Meilisearch's word segmentation and prefix matching miss. Ver is
// its entity's Version, which Replace keeps.
type meiliDoc struct {
	Doc
	TitleUni string `json:"title_uni"`
	TagsUni  string `json:"tags_uni"`
	BodyUni  string `json:"body_uni"`
	Ver      string `json:"ver"`
}

// OpenMeili connects to Meilisearch. It does not fail when the server is
// down: the settings are applied on first use, and until then indexing jobs
// retry and searches answer an error.
func OpenMeili(url, key, uid string) *Meili {
	hc := &http.Client{Timeout: 30 * time.Second}
	c := meilisearch.New(url, meilisearch.WithAPIKey(key), meilisearch.WithCustomClient(hc))
	return &Meili{client: c, index: c.Index(uid), uid: uid}
}

// Settings are applied once per process, then on every start: the index's
// searchable, filterable and sortable attributes and its ranking.
func meiliSettings() *meilisearch.Settings {
	return &meilisearch.Settings{
		SearchableAttributes: []string{"title", "title_uni", "tags", "tags_uni", "body", "body_uni"},
		FilterableAttributes: []string{"entity", "kind", "course_id", "lesson_id", "published", "open",
			"trainer_only", "owner_ids", "category", "indexed_at", "ver", "audience"},
		SortableAttributes: []string{"indexed_at", "page", "seconds"},
		RankingRules:       []string{"words", "typo", "proximity", "attribute", "sort", "exactness"},
		DisplayedAttributes: []string{"id", "entity", "kind", "course_id", "lesson_id", "title", "body",
			"page", "seconds", "url", "category", "tags", "published", "open", "trainer_only", "owner_ids", "indexed_at"},
		TypoTolerance: &meilisearch.TypoTolerance{Enabled: true,
			MinWordSizeForTypos: meilisearch.MinWordSizeForTypos{OneTypo: 5, TwoTypos: 9},
			DisableOnWords:      []string{}, DisableOnAttributes: []string{}},
		Pagination: &meilisearch.Pagination{MaxTotalHits: MaxResults},
	}
}

// ensure creates the index and applies the settings, once.
func (m *Meili) ensure(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ready {
		return nil
	}
	task, err := m.client.CreateIndex(ctx, &meilisearch.IndexConfig{Uid: m.uid, PrimaryKey: "id"})
	if err != nil {
		return meiliErr("create index", err)
	}
	if err := m.await(ctx, task, "index_already_exists"); err != nil {
		return err
	}
	if task, err = m.index.UpdateSettings(ctx, meiliSettings()); err != nil {
		return meiliErr("settings", err)
	}
	if err := m.await(ctx, task); err != nil {
		return err
	}
	m.ready = true
	return nil
}

// await waits for a task and turns its failure into an error, unless its
// code is one of ok.
func (m *Meili) await(ctx context.Context, info *meilisearch.TaskInfo, ok ...string) error {
	t, err := m.client.WaitForTask(ctx, info.TaskUID, 20*time.Millisecond)
	if err != nil {
		return meiliErr("task", err)
	}
	if t.Status == meilisearch.TaskStatusSucceeded {
		return nil
	}
	for _, code := range ok {
		if string(t.Error.Code) == code {
			return nil
		}
	}
	return fmt.Errorf("meilisearch task %d (%s) %s: %s [%s]", t.UID, t.Type, t.Status, t.Error.Message, t.Error.Code)
}

func meiliErr(what string, err error) error {
	return fmt.Errorf("meilisearch %s: %w", what, err)
}

// Replace sends the new docs in batches, waits until they are searchable,
// then deletes the entities' docs of any other version. A failed upload
// deletes nothing. Deleting by version, not by stamp, is what lets two
// workers write one entity at once: the docs of the version both write
// are never deleted, whichever upload and delete land in which order.
func (m *Meili) Replace(ctx context.Context, entities []Entity) error {
	if len(entities) == 0 {
		return nil
	}
	if err := m.ensure(ctx); err != nil {
		return err
	}
	var docs []meiliDoc
	keys := make([]string, len(entities))
	vers := make([]string, len(entities))
	for i, e := range entities {
		keys[i], vers[i] = e.Key, e.Version
		if vers[i] == "" {
			vers[i] = HashDocs(e.Docs, e.Key)
		}
		for _, d := range e.Docs {
			docs = append(docs, meiliDoc{Doc: d, TitleUni: spaced(d.Title), TagsUni: spaced(strings.Join(d.Tags, " ")),
				BodyUni: spaced(d.Body), Ver: vers[i]})
		}
	}
	if err := m.upload(ctx, docs); err != nil {
		return err
	}
	return m.deleteWhere(ctx, replaceFilter(keys, vers))
}

// replaceFilter selects the entities' docs of other versions (and those
// written before docs had one). A version hashes its entity's key, so one
// entity's version never keeps another's docs.
func replaceFilter(keys, vers []string) string {
	return fmt.Sprintf("entity IN %s AND ver NOT IN %s", quoteList(keys), quoteList(vers))
}

func (m *Meili) upload(ctx context.Context, docs []meiliDoc) error {
	pk := "id"
	for start := 0; start < len(docs); start += meiliBatch {
		batch := docs[start:min(start+meiliBatch, len(docs))]
		task, err := m.index.AddDocuments(ctx, batch, &meilisearch.DocumentOptions{PrimaryKey: &pk})
		if err != nil {
			return meiliErr("add documents", err)
		}
		if err := m.await(ctx, task); err != nil {
			return err
		}
	}
	return nil
}

func (m *Meili) deleteWhere(ctx context.Context, filter string) error {
	task, err := m.index.DeleteDocumentsByFilter(ctx, filter, nil)
	if err != nil {
		return meiliErr("delete documents", err)
	}
	return m.await(ctx, task)
}

// DeleteBefore removes docs stamped before the given time.
func (m *Meili) DeleteBefore(ctx context.Context, stamp int64) error {
	if err := m.ensure(ctx); err != nil {
		return err
	}
	return m.deleteWhere(ctx, fmt.Sprintf("indexed_at < %d", stamp))
}

// Count is the number of docs in the index.
func (m *Meili) Count(ctx context.Context) (int, error) {
	if err := m.ensure(ctx); err != nil {
		return 0, err
	}
	st, err := m.index.GetStats(ctx, nil)
	if err != nil {
		return 0, meiliErr("stats", err)
	}
	return int(st.NumberOfDocuments), nil
}

// Close has nothing to release: the server keeps the index.
func (m *Meili) Close() error { return nil }

// Search runs a validated query. Chinese terms are sent as phrases of
// single characters, matched against the unigram copies.
func (m *Meili) Search(ctx context.Context, q Query) (*Result, error) {
	if err := m.ensure(ctx); err != nil {
		return nil, err
	}
	res, err := m.index.Search(ctx, meiliQuery(q.terms), meiliRequest(q, true))
	if err != nil {
		return nil, meiliErr("search", err)
	}
	var docs []Doc
	if err := res.Hits.DecodeInto(&docs); err != nil {
		return nil, meiliErr("decode hits", err)
	}
	out := &Result{Hits: make([]Hit, 0, len(docs)), Total: int(res.TotalHits), Page: q.Page, PerPage: q.PerPage}
	for _, d := range docs {
		out.Hits = append(out.Hits, toHit(d, q.terms))
	}
	if len(q.Kinds) == 0 {
		out.Kinds, err = facetKinds(res.FacetDistribution)
		return out, err
	}
	req := meiliRequest(q, false)
	one, zero := int64(1), int64(0)
	req.HitsPerPage, req.Page, req.AttributesToRetrieve = &zero, one, []string{"id"}
	counts, err := m.index.Search(ctx, meiliQuery(q.terms), req)
	if err != nil {
		return nil, meiliErr("search", err)
	}
	out.Kinds, err = facetKinds(counts.FacetDistribution)
	return out, err
}

func meiliRequest(q Query, withKinds bool) *meilisearch.SearchRequest {
	per := int64(q.PerPage)
	req := &meilisearch.SearchRequest{
		HitsPerPage: &per, Page: int64(q.Page),
		AttributesToRetrieve: []string{"id", "entity", "kind", "course_id", "lesson_id", "title", "body",
			"page", "seconds", "url", "category"},
		MatchingStrategy: meilisearch.All,
	}
	if f := meiliFilter(q, withKinds); f != "" {
		req.Filter = f
	}
	if !withKinds || len(q.Kinds) == 0 {
		req.Facets = []string{"kind"}
	}
	return req
}

func facetKinds(raw json.RawMessage) (map[string]int, error) {
	out := map[string]int{}
	if len(raw) == 0 {
		return out, nil
	}
	var dist map[string]map[string]int
	if err := json.Unmarshal(raw, &dist); err != nil {
		return nil, meiliErr("facets", err)
	}
	for k, n := range dist["kind"] {
		out[k] = n
	}
	return out, nil
}

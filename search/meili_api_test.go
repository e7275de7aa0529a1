package search

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeMeili answers the part of Meilisearch's HTTP API the backend uses,
// and fails the test on any request the documentation does not allow:
// https://www.meilisearch.com/docs/reference/api (indexes, settings,
// documents, tasks, search). It keeps documents so searches can answer.
type fakeMeili struct {
	t        *testing.T
	key      string
	mu       sync.Mutex
	tasks    []map[string]any
	docs     map[string]map[string]any
	indexes  map[string]bool
	settings map[string]any
	searches []map[string]any
	deletes  []string
	failDocs string                // error code for the next documents task
	down     bool                  // answer 503 to everything
	hold     func(r *http.Request) // called before a request is served, unlocked
}

func newFakeMeili(t *testing.T) (*fakeMeili, *httptest.Server) {
	f := &fakeMeili{t: t, key: "masterKey", docs: map[string]map[string]any{}, indexes: map[string]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	return f, srv
}

var (
	indexUIDRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,400}$`)
	docIDRe    = regexp.MustCompile(`^[A-Za-z0-9_-]{1,511}$`)
	routeRe    = regexp.MustCompile(`^/indexes/([^/]+)/(settings|documents|documents/delete|search|stats)$`)
	taskRe     = regexp.MustCompile(`^/tasks/(\d+)$`)
)

func (f *fakeMeili) serve(w http.ResponseWriter, r *http.Request) {
	if f.hold != nil {
		f.hold(r)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+f.key {
		f.apiError(w, 401, "invalid_api_key", "auth", "The provided API key is invalid.")
		return
	}
	if r.Method != http.MethodGet && !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		f.apiError(w, 415, "invalid_content_type", "invalid_request", "Content-Type must be application/json")
		return
	}
	body, _ := io.ReadAll(r.Body)
	path := r.URL.Path
	switch m := routeRe.FindStringSubmatch(path); {
	case r.Method == http.MethodPost && path == "/indexes":
		f.createIndex(w, body)
	case m != nil && !f.indexes[m[1]] && m[2] != "settings":
		f.apiError(w, 404, "index_not_found", "invalid_request", "Index `"+m[1]+"` not found.")
	case m != nil && r.Method == http.MethodPatch && m[2] == "settings":
		f.updateSettings(w, body)
	case m != nil && r.Method == http.MethodPost && m[2] == "documents":
		f.addDocuments(w, r, body)
	case m != nil && r.Method == http.MethodPost && m[2] == "documents/delete":
		f.deleteByFilter(w, body)
	case m != nil && r.Method == http.MethodPost && m[2] == "search":
		f.search(w, body)
	case m != nil && r.Method == http.MethodGet && m[2] == "stats":
		f.json(w, 200, map[string]any{"numberOfDocuments": len(f.docs), "isIndexing": false, "fieldDistribution": map[string]int{}})
	case r.Method == http.MethodGet && taskRe.MatchString(path):
		f.getTask(w, taskRe.FindStringSubmatch(path)[1])
	default:
		f.t.Errorf("meilisearch API has no %s %s", r.Method, path)
		f.apiError(w, 404, "not_found", "invalid_request", "not found")
	}
}

func (f *fakeMeili) json(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeMeili) apiError(w http.ResponseWriter, status int, code, typ, msg string) {
	f.json(w, status, map[string]any{"message": msg, "code": code, "type": typ, "link": "https://docs.meilisearch.com/errors#" + code})
}

// enqueue records a task that has already finished, as the real server
// would report it when polled.
func (f *fakeMeili) enqueue(w http.ResponseWriter, typ, failCode string) {
	uid := len(f.tasks)
	task := map[string]any{"uid": uid, "indexUid": "x", "status": "succeeded", "type": typ,
		"enqueuedAt": time.Now().Format(time.RFC3339Nano)}
	if failCode != "" {
		task["status"] = "failed"
		task["error"] = map[string]any{"message": "fake failure: " + failCode, "code": failCode, "type": "invalid_request", "link": ""}
	}
	f.tasks = append(f.tasks, task)
	f.json(w, 202, map[string]any{"taskUid": uid, "indexUid": "x", "status": "enqueued", "type": typ,
		"enqueuedAt": time.Now().Format(time.RFC3339Nano)})
}

func (f *fakeMeili) getTask(w http.ResponseWriter, id string) {
	var n int
	fmt.Sscan(id, &n)
	if n >= len(f.tasks) {
		f.apiError(w, 404, "task_not_found", "invalid_request", "Task not found.")
		return
	}
	f.json(w, 200, f.tasks[n])
}

// decode unmarshals a JSON object and fails the test on any field the
// documentation does not list for this route (the server answers 400
// bad_request to unknown fields).
func (f *fakeMeili) decode(w http.ResponseWriter, body []byte, allowed ...string) (map[string]any, bool) {
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		f.t.Errorf("body is not a JSON object: %s", body)
		f.apiError(w, 400, "bad_request", "invalid_request", err.Error())
		return nil, false
	}
	for k := range m {
		if !slices.Contains(allowed, k) {
			f.t.Errorf("unknown field %q in %s", k, body)
			f.apiError(w, 400, "bad_request", "invalid_request", "Unknown field `"+k+"`")
			return nil, false
		}
	}
	return m, true
}

func (f *fakeMeili) createIndex(w http.ResponseWriter, body []byte) {
	m, ok := f.decode(w, body, "uid", "primaryKey")
	if !ok {
		return
	}
	uid, _ := m["uid"].(string)
	if !indexUIDRe.MatchString(uid) || m["primaryKey"] != "id" {
		f.t.Errorf("create index: %s", body)
	}
	fail := ""
	if f.indexes[uid] {
		fail = "index_already_exists"
	}
	f.indexes[uid] = true
	f.enqueue(w, "indexCreation", fail)
}

var documentedSettings = []string{"displayedAttributes", "searchableAttributes", "filterableAttributes",
	"sortableAttributes", "rankingRules", "stopWords", "nonSeparatorTokens", "separatorTokens", "dictionary",
	"synonyms", "distinctAttribute", "proximityPrecision", "typoTolerance", "faceting", "pagination",
	"embedders", "searchCutoffMs", "localizedAttributes", "facetSearch", "prefixSearch"}

func (f *fakeMeili) updateSettings(w http.ResponseWriter, body []byte) {
	m, ok := f.decode(w, body, documentedSettings...)
	if !ok {
		return
	}
	rules := map[string]bool{"words": true, "typo": true, "proximity": true, "attribute": true, "sort": true, "exactness": true}
	for _, r := range strs(m["rankingRules"]) {
		if !rules[r] && !regexp.MustCompile(`^\w+:(asc|desc)$`).MatchString(r) {
			f.t.Errorf("ranking rule %q", r)
		}
	}
	typo, _ := m["typoTolerance"].(map[string]any)
	sizes, _ := typo["minWordSizeForTypos"].(map[string]any)
	if typo["enabled"] != true || sizes["oneTypo"] == nil || sizes["twoTypos"] == nil {
		f.t.Errorf("typoTolerance: %v", typo)
	}
	if p, _ := m["pagination"].(map[string]any); p["maxTotalHits"] == nil {
		f.t.Errorf("pagination: %v", m["pagination"])
	}
	f.settings = m
	f.enqueue(w, "settingsUpdate", "")
}

func strs(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

func (f *fakeMeili) addDocuments(w http.ResponseWriter, r *http.Request, body []byte) {
	if pk := r.URL.Query().Get("primaryKey"); pk != "id" {
		f.t.Errorf("primaryKey %q", pk)
	}
	var docs []map[string]any
	if err := json.Unmarshal(body, &docs); err != nil || len(docs) == 0 || len(docs) > meiliBatch {
		f.t.Errorf("documents must be a JSON array of 1 to %d objects: %d docs, %v", meiliBatch, len(docs), err)
	}
	for _, d := range docs {
		id, _ := d["id"].(string)
		if !docIDRe.MatchString(id) {
			f.t.Errorf("document id %q is not a valid Meilisearch id", id)
		}
		if _, ok := d["indexed_at"].(float64); !ok {
			f.t.Errorf("indexed_at must be a number: %v", d["indexed_at"])
		}
		if v, _ := d["ver"].(string); v == "" {
			f.t.Errorf("document %q has no version", id)
		}
	}
	fail := f.failDocs
	f.failDocs = ""
	if fail == "" {
		for _, d := range docs {
			f.docs[d["id"].(string)] = d
		}
	}
	f.enqueue(w, "documentAdditionOrUpdate", fail)
}

// filterRe is the filter grammar this backend writes: conditions on
// filterable attributes joined by AND / OR, with parentheses.
var filterCondRe = regexp.MustCompile(`([a-z_]+) (= |< |IN \[|NOT IN \[)`)

func (f *fakeMeili) checkFilter(filter string) {
	if strings.Count(filter, "(") != strings.Count(filter, ")") || strings.Count(filter, "[") != strings.Count(filter, "]") {
		f.t.Errorf("unbalanced filter %q", filter)
	}
	filterable := strs(f.settings["filterableAttributes"])
	for _, m := range filterCondRe.FindAllStringSubmatch(filter, -1) {
		if !slices.Contains(filterable, m[1]) {
			f.t.Errorf("filter on %q, which is not filterable", m[1])
		}
	}
}

// The two deletions the backend asks for: an entity's docs of other
// versions (Replace), and docs stamped before a time (DeleteBefore).
var (
	deleteVersionsRe = regexp.MustCompile(`^entity IN \[(.*)\] AND ver NOT IN \[(.*)\]$`)
	deleteBeforeRe   = regexp.MustCompile(`^indexed_at < (\d+)$`)
)

func (f *fakeMeili) deleteByFilter(w http.ResponseWriter, body []byte) {
	m, ok := f.decode(w, body, "filter")
	if !ok {
		return
	}
	filter, _ := m["filter"].(string)
	f.checkFilter(filter)
	f.deletes = append(f.deletes, filter)
	var gone func(d map[string]any) bool
	if p := deleteVersionsRe.FindStringSubmatch(filter); p != nil {
		gone = func(d map[string]any) bool {
			ver, _ := d["ver"].(string) // NOT IN selects a doc without the field too
			return strings.Contains(p[1], `"`+d["entity"].(string)+`"`) && (ver == "" || !strings.Contains(p[2], `"`+ver+`"`))
		}
	} else if p := deleteBeforeRe.FindStringSubmatch(filter); p != nil {
		var limit float64
		fmt.Sscan(p[1], &limit)
		gone = func(d map[string]any) bool { return d["indexed_at"].(float64) < limit }
	} else {
		f.t.Errorf("unexpected delete filter %q", filter)
		gone = func(map[string]any) bool { return false }
	}
	for id, d := range f.docs {
		if gone(d) {
			delete(f.docs, id)
		}
	}
	f.enqueue(w, "documentDeletion", "")
}

var documentedSearch = []string{"q", "offset", "limit", "hitsPerPage", "page", "filter", "facets",
	"distinct", "attributesToRetrieve", "attributesToCrop", "cropLength", "cropMarker",
	"attributesToHighlight", "highlightPreTag", "highlightPostTag", "showMatchesPosition", "sort",
	"matchingStrategy", "showRankingScore", "showRankingScoreDetails", "rankingScoreThreshold",
	"attributesToSearchOn", "hybrid", "vector", "retrieveVectors", "locales"}

// search answers with the stored docs in id order, paged as asked; the
// real ranking and matching are the contract test's business.
func (f *fakeMeili) search(w http.ResponseWriter, body []byte) {
	m, ok := f.decode(w, body, documentedSearch...)
	if !ok {
		return
	}
	f.searches = append(f.searches, m)
	if s, ok := m["matchingStrategy"].(string); ok && s != "all" && s != "last" && s != "frequency" {
		f.t.Errorf("matchingStrategy %q", s)
	}
	if fl, ok := m["filter"].(string); ok {
		f.checkFilter(fl)
	}
	page, per := num(m["page"], 1), num(m["hitsPerPage"], 20)
	ids := make([]string, 0, len(f.docs))
	for id := range f.docs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	hits := []map[string]any{}
	kinds := map[string]int{}
	for i, id := range ids {
		kinds[f.docs[id]["kind"].(string)]++
		if i >= (page-1)*per && i < page*per {
			hits = append(hits, f.docs[id])
		}
	}
	out := map[string]any{"hits": hits, "query": m["q"], "processingTimeMs": 1, "hitsPerPage": per,
		"page": page, "totalPages": (len(ids) + per - 1) / max(per, 1), "totalHits": len(ids)}
	if m["facets"] != nil {
		out["facetDistribution"] = map[string]any{"kind": kinds}
	}
	f.json(w, 200, out)
}

func num(v any, def int) int {
	if n, ok := v.(float64); ok {
		return int(n)
	}
	return def
}

func TestMeiliAPI(t *testing.T) {
	t.Parallel()
	f, srv := newFakeMeili(t)
	ctx := context.Background()
	m := OpenMeili(srv.URL, f.key, "lms_study")
	load(t, m, fixtures()[:4])
	if f.settings == nil || len(f.docs) != 6 {
		t.Fatalf("settings %v, %d docs", f.settings != nil, len(f.docs))
	}
	if d := f.docs["lesson-11-0"]; d["body_uni"] != "待 处 理 的 来 信 先 登 记 再 分 办" || d["entity"] != "lesson:11" {
		t.Errorf("unigram copy: %v", d["body_uni"])
	}
	q := Query{Text: "待处理 Pythan", Filter: learner, Kinds: []string{KindLesson}, Page: 1, PerPage: 2}
	r := find(t, m, q)
	last := f.searches[len(f.searches)-2] // the hits; the last one counts kinds
	if last["q"] != `"待 处 理" pythan` || last["page"] != 1.0 || last["hitsPerPage"] != 2.0 ||
		last["matchingStrategy"] != "all" || !strings.Contains(last["filter"].(string), `kind IN ["lesson"]`) {
		t.Errorf("search request: %v", last)
	}
	if counts := f.searches[len(f.searches)-1]; counts["hitsPerPage"] != 0.0 || strings.Contains(counts["filter"].(string), "kind IN") {
		t.Errorf("kind counts request: %v", counts)
	}
	if r.Total != 6 || len(r.Hits) != 2 || r.Kinds[KindPage] != 2 {
		t.Errorf("result: total %d, %d hits, kinds %v", r.Total, len(r.Hits), r.Kinds)
	}
	if h := hitByID(r, "lesson-11-0"); h == nil || !strings.Contains(h.Snippet, "<mark>待处理</mark>") {
		t.Errorf("highlight: %+v", r.Hits)
	}

	// Replacing an entity deletes only its older docs, after the upload.
	load(t, m, []fixtureEntity{{"lesson", 12, nil}})
	if _, ok := f.docs["lesson-12-0"]; ok || len(f.docs) != 4 {
		t.Errorf("lesson 12 not replaced: %d docs, deletes %q", len(f.docs), f.deletes)
	}

	// A failed task is an error, and nothing is deleted.
	f.failDocs = "invalid_document_fields"
	e, _ := makeEntity("lesson", 11, fixtures()[1].docs, nowMicros())
	deletes := len(f.deletes)
	if err := m.Replace(ctx, []Entity{e}); err == nil || !strings.Contains(err.Error(), "invalid_document_fields") {
		t.Errorf("failed task: %v", err)
	}
	if len(f.deletes) != deletes {
		t.Error("deleted after a failed upload")
	}
	// A server that is down is an error too (the job retries).
	f.down = true
	if err := m.Replace(ctx, []Entity{e}); err == nil {
		t.Error("server down: no error")
	}
	f.down = false

	// A second process finds the index there and carries on.
	m2 := OpenMeili(srv.URL, f.key, "lms_study")
	if n, err := m2.Count(ctx); err != nil || n != 4 {
		t.Errorf("second process: %d, %v", n, err)
	}
	if err := OpenMeili(srv.URL, "wrong", "lms_study").DeleteBefore(ctx, 1); err == nil {
		t.Error("a wrong key must fail")
	}
}

func TestMeiliBatches(t *testing.T) {
	t.Parallel()
	f, srv := newFakeMeili(t)
	m := OpenMeili(srv.URL, f.key, "lms_study")
	docs := make([]Doc, 2500)
	for i := range docs {
		docs[i] = Doc{Kind: KindCue, LessonID: 1, Seconds: float64(i), Body: "字幕"}
	}
	e, _ := makeEntity("lesson", 1, docs, nowMicros())
	if err := m.Replace(context.Background(), []Entity{e}); err != nil {
		t.Fatal(err)
	}
	adds := 0
	for _, task := range f.tasks {
		if task["type"] == "documentAdditionOrUpdate" {
			adds++
		}
	}
	if adds != 3 || len(f.docs) != 2500 {
		t.Errorf("%d batches, %d docs; want 3 batches of at most %d", adds, len(f.docs), meiliBatch)
	}
}

// Two workers write the same state of one entity at once, and the one that
// read later (the newer stamp) uploads first: whichever delete lands last,
// the entity keeps its docs.
func TestMeiliReplacesOfOneStateInterleave(t *testing.T) {
	t.Parallel()
	f, srv := newFakeMeili(t)
	m := OpenMeili(srv.URL, f.key, "lms_study")
	ctx := context.Background()
	docs := fixtures()[3].docs // lesson 13's two cues
	older, _ := makeEntity("lesson", 13, docs, 100)
	newer, _ := makeEntity("lesson", 13, docs, 200)
	held, release := make(chan struct{}), make(chan struct{})
	var deletes atomic.Int32
	f.hold = func(r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/documents/delete") && deletes.Add(1) == 1 {
			close(held)
			<-release
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- m.Replace(ctx, []Entity{newer}) }()
	<-held // the newer docs are up; their delete waits
	if err := m.Replace(ctx, []Entity{older}); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if len(f.docs) != 2 {
		t.Errorf("%d docs left of the entity's 2; deletes %q", len(f.docs), f.deletes)
	}
}

package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/search"
)

// searchHit is a hit for the page: its title and snippet are HTML the
// search package built (text escaped, matches in <mark>).
type searchHit struct {
	search.Hit
	TitleHTML, SnippetHTML template.HTML
}

type searchGroup struct {
	Kind, Label, MoreURL string
	Hits                 []searchHit
}

type searchTab struct {
	Label, URL string
	Count      int
	Current    bool
}

type searchView struct {
	Query, Kind, Category string
	Mine, Searched        bool
	CourseID              int64
	Error                 string
	Total                 int
	Tabs                  []searchTab
	Groups                []searchGroup
	Pager                 pager
	Kinds                 []searchTab // the kind filter's options
}

func (s *Server) searchPage(c echo.Context) error {
	q, err := searchQuery(c)
	v := &searchView{Query: q.Text, Category: q.Category, Mine: q.Mine, CourseID: q.CourseID}
	if len(q.Kinds) == 1 {
		v.Kind = q.Kinds[0]
	}
	v.Kinds = s.kindOptions(c, v.Kind)
	if err == nil && q.Text == "" {
		return s.render(c, http.StatusOK, "search", v)
	}
	var r *search.Result
	if err == nil {
		r, err = s.Search.Search(c.Request().Context(), viewer(c), q)
	}
	if apperr.Is(err, apperr.Invalid) {
		_, _, v.Error = s.toPublic(c, err)
		return s.render(c, http.StatusBadRequest, "search", v)
	}
	if err != nil {
		return s.searchFailed(c, err)
	}
	v.Searched, v.Total = true, r.Total
	v.Tabs = s.searchTabs(c, r, v.Kind)
	v.Groups = s.searchGroups(c, r, v.Kind)
	v.Pager = s.newPager(c, r.Page, r.Page*r.PerPage < r.Total)
	return s.render(c, http.StatusOK, "search", v)
}

// withKind is the current search with another kind (empty: every kind)
// and the first page.
func withKind(c echo.Context, kind string) string {
	q := url.Values{}
	for k, vs := range c.QueryParams() {
		if k != "kind" && k != "page" {
			q[k] = vs
		}
	}
	if kind != "" {
		q.Set("kind", kind)
	}
	return "/search?" + q.Encode()
}

func (s *Server) kindLabel(c echo.Context, kind string) string {
	return s.t(c, "search.kind."+kind)
}

func (s *Server) kindOptions(c echo.Context, current string) []searchTab {
	out := []searchTab{{Label: s.t(c, "search.kind.all"), Current: current == ""}}
	for _, k := range search.Kinds {
		if k == search.KindQuestion && !viewer(c).Trainer {
			continue
		}
		out = append(out, searchTab{Label: s.kindLabel(c, k), URL: k, Current: current == k})
	}
	return out
}

// searchTabs: every kind with hits, and how many, whatever kind is shown.
func (s *Server) searchTabs(c echo.Context, r *search.Result, current string) []searchTab {
	total := 0
	for _, n := range r.Kinds {
		total += n
	}
	tabs := []searchTab{{Label: s.t(c, "search.kind.all"), URL: withKind(c, ""), Count: total, Current: current == ""}}
	for _, k := range search.Kinds {
		if n := r.Kinds[k]; n > 0 {
			tabs = append(tabs, searchTab{Label: s.kindLabel(c, k), URL: withKind(c, k), Count: n, Current: current == k})
		}
	}
	return tabs
}

// searchGroups puts the page's hits under their kind, in the kinds' order;
// with every kind shown, a group links to its own paged list.
func (s *Server) searchGroups(c echo.Context, r *search.Result, current string) []searchGroup {
	var groups []searchGroup
	for _, k := range search.Kinds {
		g := searchGroup{Kind: k, Label: s.kindLabel(c, k)}
		for _, h := range r.Hits {
			if h.Kind == k {
				g.Hits = append(g.Hits, searchHit{Hit: h, TitleHTML: template.HTML(h.Title), SnippetHTML: template.HTML(h.Snippet)}) //nolint:gosec // built escaped by search.highlight
			}
		}
		if len(g.Hits) == 0 {
			continue
		}
		if current == "" && r.Kinds[k] > len(g.Hits) {
			g.MoreURL = withKind(c, k)
		}
		groups = append(groups, g)
	}
	return groups
}

func (s *Server) searchProblemsPage(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	probs, err := s.Search.Problems(c.Request().Context(), viewer(c), page, 50)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "search_problems", map[string]any{
		"Problems": probs, "Pager": s.newPager(c, page, len(probs) == 50), "Page": strconv.Itoa(page)})
}

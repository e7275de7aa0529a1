package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"lms/course"
	"lms/internal/calendar"
	"lms/org"
	"lms/search"
)

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

//go:embed static/favicon.ico
var favicon []byte

//go:embed i18n
var i18nFS embed.FS

// views holds the parsed pages, the message catalogs and the static files'
// content hashes.
type views struct {
	pages    map[string]*template.Template
	catalogs map[string]map[string]string
	hashes   map[string]string
}

func loadViews() (*views, error) {
	v := &views{pages: map[string]*template.Template{}, catalogs: map[string]map[string]string{}, hashes: map[string]string{}}
	if err := v.loadCatalogs(); err != nil {
		return nil, err
	}
	if err := v.hashStatic(); err != nil {
		return nil, err
	}
	return v, v.parsePages()
}

func (v *views) parsePages() error {
	funcs := template.FuncMap{
		"asset": v.assetURL,
		"date":  func(t time.Time) string { return calendar.In(t).Format("2006-01-02 15:04") },
		"day":   day,
		"json": func(x any) string {
			b, _ := json.Marshal(x)
			return string(b)
		},
		"add": func(a, b int) int { return a + b },
		// plain shows stored HTML (a question's stem) as its text.
		"plain": search.HTMLText,
		// rich shows stored, sanitised HTML (a class's plan) as HTML; text
		// stored before it had formatting keeps its lines.
		"rich": richHTML,
	}
	base, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return err
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return err
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return fmt.Errorf("template %s: %w", f, err)
		}
		v.pages[name] = t
	}
	return nil
}

// loadCatalogs reads i18n/<lang>.json and each feature's own
// i18n/<lang>_<feature>.json into one catalog per language; a key defined
// twice is an error, so two features cannot silently override each other.
func (v *views) loadCatalogs() error {
	for _, lang := range []string{"zh", "en"} {
		files, err := fs.Glob(i18nFS, "i18n/"+lang+"_*.json")
		if err != nil {
			return err
		}
		cat := map[string]string{}
		for _, f := range append([]string{"i18n/" + lang + ".json"}, files...) {
			if err := readCatalog(f, cat); err != nil {
				return err
			}
		}
		v.catalogs[lang] = cat
	}
	for key := range v.catalogs["zh"] {
		if _, ok := v.catalogs["en"][key]; !ok {
			return fmt.Errorf("i18n: en lacks %q", key)
		}
	}
	return nil
}

// readCatalog adds one catalog file's keys to cat.
func readCatalog(name string, cat map[string]string) error {
	b, err := i18nFS.ReadFile(name)
	if err != nil {
		return err
	}
	part := map[string]string{}
	if err := json.Unmarshal(b, &part); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for k, val := range part {
		if _, dup := cat[k]; dup {
			return fmt.Errorf("%s: key %q is defined twice", name, k)
		}
		cat[k] = val
	}
	return nil
}

func (v *views) hashStatic() error {
	return fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		v.hashes[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:6])
		return nil
	})
}

// assetURL gives a content-hashed URL, cached for a year by browsers.
func (v *views) assetURL(name string) string {
	return "/static/" + name + "?v=" + v.hashes[name]
}

func (s *Server) staticRoutes() {
	sub, _ := fs.Sub(staticFS, "static")
	files := http.StripPrefix("/static/", http.FileServer(http.FS(sub)))
	s.e.GET("/static/*", func(c echo.Context) error {
		if c.QueryParam("v") != "" {
			c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		files.ServeHTTP(c.Response(), c.Request())
		return nil
	})
	// Browsers ask for /favicon.ico on their own, before any page links one.
	s.e.GET("/favicon.ico", func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "public, max-age=86400")
		return c.Blob(http.StatusOK, "image/x-icon", favicon)
	})
}

// page is what every template gets.
type page struct {
	Lang  string
	Actor *org.Actor
	CSRF  string
	Path  string
	Data  any
	// Unread is the count under the notification bell.
	Unread int
	cat    map[string]string
}

// T translates a message key, formatting args into it.
func (p *page) T(key string, args ...any) string {
	msg, ok := p.cat[key]
	if !ok {
		msg = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// Is reports whether the viewer holds a role.
func (p *page) Is(role string) bool { return p.Actor != nil && p.Actor.Has(org.Role(role)) }

// Builds: the actor may build courses (the 我的授课 and 课件库 menus).
func (p *page) Builds() bool { return org.Policy{}.CanBuildCourses(p.Actor) }

func (s *Server) lang(c echo.Context) string {
	if ck, err := c.Cookie("lang"); err == nil && ck.Value == "en" {
		return "en"
	}
	return "zh"
}

func (s *Server) t(c echo.Context, key string) string {
	p := page{cat: s.views.catalogs[s.lang(c)]}
	return p.T(key)
}

func (s *Server) render(c echo.Context, status int, name string, data any) error {
	t, ok := s.views.pages[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	lang := s.lang(c)
	p := &page{Lang: lang, Actor: actorOf(c), CSRF: s.csrfToken(c), Path: c.Request().URL.Path,
		Data: data, cat: s.views.catalogs[lang], Unread: s.unreadCount(c)}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, buf.Bytes())
}

// day is a date on the platform's calendar (a due date, a completion).
func day(v any) string {
	switch t := v.(type) {
	case time.Time:
		return calendar.In(t).Format("2006-01-02")
	case *time.Time:
		if t != nil {
			return calendar.In(*t).Format("2006-01-02")
		}
	}
	return ""
}

// richHTML marks sanitised HTML safe, sanitising it again on the way (the
// policy is the articles'); text without tags is shown a paragraph a line.
func richHTML(s string) template.HTML {
	if !strings.Contains(s, "<") {
		var b strings.Builder
		for _, line := range strings.Split(s, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				b.WriteString("<p>" + template.HTMLEscapeString(line) + "</p>")
			}
		}
		return template.HTML(b.String()) //nolint:gosec // escaped above
	}
	return template.HTML(course.SanitizeHTML(s)) //nolint:gosec // sanitised here
}

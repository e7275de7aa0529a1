package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/media"
)

// mediaRow is one lecture of the library, formatted for the page.
type mediaRow struct {
	*media.Asset
	StateLabel string
	Duration   string
	Size       string
	Renditions string
	Busy       bool // uploaded, probing or transcoding: the page polls it
	Percent    int
}

type libraryData struct {
	Notice
	Rows    []mediaRow
	Uploads []media.Upload
	Pager   pager
}

func (s *Server) mediaLibraryPage(c echo.Context) error {
	ctx := c.Request().Context()
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	list, more, err := s.Media.List(ctx, media.ListFilter{OwnerID: actorOf(c).UserID, Page: page})
	if err != nil {
		return err
	}
	ups, err := s.Media.Uploads(ctx, actorOf(c).UserID)
	if err != nil {
		return err
	}
	d := libraryData{Notice: Notice{Flash: s.flash(c)}, Uploads: ups, Pager: s.newPager(c, page, more)}
	for i := range list {
		d.Rows = append(d.Rows, newMediaRow(&list[i]))
	}
	return s.render(c, http.StatusOK, "media_library", d)
}

func newMediaRow(a *media.Asset) mediaRow {
	r := mediaRow{Asset: a, StateLabel: media.StateLabel(a.State), Duration: clockText(a.Duration),
		Size: sizeText(a.SourceSize + a.OutputSize), Percent: int(a.Progress * 100)}
	switch a.State {
	case media.StateUploaded, media.StateProbing, media.StateTranscoding:
		r.Busy = true
	}
	var names []string
	for _, x := range a.Renditions {
		if x.Audio {
			names = append(names, "音频")
		} else {
			names = append(names, x.Name)
		}
	}
	r.Renditions = strings.Join(names, " / ")
	return r
}

func clockText(sec float64) string {
	if sec <= 0 {
		return "—"
	}
	n := int(sec + 0.5)
	if n >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", n/3600, n/60%60, n%60)
	}
	return fmt.Sprintf("%d:%02d", n/60, n%60)
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n > 0:
		return fmt.Sprintf("%d KB", (n+1023)/1024)
	}
	return "—"
}

func (s *Server) mediaUploadPage(c echo.Context) error {
	l := s.Media.Limits
	s.allowStoreOrigin(c) // redirect delivery: parts go straight to the store
	return s.render(c, http.StatusOK, "media_upload", map[string]any{
		"MaxSize": l.MaxSize, "MaxSizeText": sizeText(l.MaxSize), "MaxHours": l.MaxDuration.Hours()})
}

type playerData struct {
	Notice
	Row      mediaRow
	Manage   bool
	Subs     []media.Subtitle
	Langs    []langOption
	Delivery string
}

type langOption struct{ Code, Label string }

var subtitleLangs = []langOption{{"zh", "中文"}, {"en", "English"}, {"bo", "藏文"}, {"ug", "维吾尔文"}, {"mn", "蒙古文"}}

// mediaPlayerPage previews a lecture; its owner also manages subtitles,
// retries or deletes it here.
func (s *Server) mediaPlayerPage(c echo.Context) error {
	return s.renderPlayer(c, http.StatusOK, Notice{Flash: s.flash(c)})
}

func (s *Server) renderPlayer(c echo.Context, status int, n Notice) error {
	a, manage, err := s.playableAsset(c)
	if err != nil {
		return err
	}
	subs, err := s.Media.Subtitles(c.Request().Context(), a.ID)
	if err != nil {
		return err
	}
	s.allowStoreOrigin(c)
	return s.render(c, status, "media_player", playerData{Notice: n, Row: newMediaRow(a), Manage: manage,
		Subs: subs, Langs: subtitleLangs, Delivery: s.Media.Delivery})
}

// allowStoreOrigin lets the page reach the object store: the player for
// redirected segments, the uploader for presigned parts (redirect delivery
// only).
func (s *Server) allowStoreOrigin(c echo.Context) {
	if s.Media.Delivery != media.DeliveryRedirect || s.Store == nil {
		return
	}
	origin := s.Store.Client.EndpointURL().Scheme + "://" + s.Store.Client.EndpointURL().Host
	h := c.Response().Header()
	h.Set("Content-Security-Policy", strings.Replace(h.Get("Content-Security-Policy"),
		"connect-src 'self'", "connect-src 'self' "+origin, 1))
}

func (s *Server) mediaRetrySubmit(c echo.Context) error {
	a, err := s.managedAsset(c)
	if err == nil {
		err = s.Media.Retry(c.Request().Context(), a.ID)
	}
	return s.afterMediaForm(c, err, "/media?ok=media_retry")
}

func (s *Server) mediaRenameSubmit(c echo.Context) error {
	a, err := s.managedAsset(c)
	if err != nil {
		return err
	}
	_, err = s.Media.Rename(c.Request().Context(), a.ID, c.FormValue("title"))
	if st, msg, ok := s.inlineError(c, err); err != nil && ok {
		return s.renderPlayer(c, st, Notice{Error: msg})
	}
	return s.afterMediaForm(c, err, fmt.Sprintf("/media/%d?ok=media_renamed", a.ID))
}

func (s *Server) mediaDeleteSubmit(c echo.Context) error {
	a, err := s.managedAsset(c)
	if err == nil {
		err = s.Media.Delete(c.Request().Context(), a.ID)
	}
	return s.afterMediaForm(c, err, "/media?ok=media_deleted")
}

func (s *Server) mediaSubtitleSubmit(c echo.Context) error {
	a, err := s.managedAsset(c)
	if err != nil {
		return err
	}
	data, err := subtitleBody(c)
	if err == nil {
		_, err = s.Media.AttachSubtitle(c.Request().Context(), a.ID, c.FormValue("lang"), c.FormValue("label"), data)
	}
	if st, msg, ok := s.inlineError(c, err); err != nil && ok {
		return s.renderPlayer(c, st, Notice{Error: msg})
	}
	return s.afterMediaForm(c, err, fmt.Sprintf("/media/%d?ok=subtitle_saved", a.ID))
}

func (s *Server) mediaSubtitleDeleteSubmit(c echo.Context) error {
	a, err := s.managedAsset(c)
	if err == nil {
		err = s.Media.DeleteSubtitle(c.Request().Context(), a.ID, c.Param("lang"))
	}
	return s.afterMediaForm(c, err, "/media/"+c.Param("id")+"?ok=subtitle_deleted")
}

// afterMediaForm redirects after a successful form, or shows the error on
// the library page.
func (s *Server) afterMediaForm(c echo.Context, err error, next string) error {
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, next)
}

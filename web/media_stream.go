package web

import (
	"crypto/hmac"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/media"
)

// playTTL is how long a playback link works. The player asks for a fresh
// one well before (media_player.js), so a URL copied out of the browser
// stops working within minutes.
const playTTL = 5 * time.Minute

// segmentTTL is the life of the presigned URL a segment redirects to: the
// store cannot ask for the user's session, so the URL itself must die
// soon. hls.js follows it at once; a minute leaves room for a slow start.
const segmentTTL = 60 * time.Second

// playToken binds a link to one user, one asset and an expiry:
// ASSET.USER.EXPIRY.HMAC. It rides in the path so that the playlists'
// relative URIs carry it to every segment without rewriting them.
type playToken struct {
	Asset, User int64
	Expires     time.Time
}

func (s *Server) signPlay(t playToken) string {
	msg := fmt.Sprintf("%d.%d.%d", t.Asset, t.User, t.Expires.Unix())
	return msg + "." + s.sign("media-play:" + msg)[:22]
}

var errPlayLink = apperr.New(apperr.Forbidden, "play_link", "播放链接无效或已过期，请刷新页面后重新播放")

// verifyPlay checks the signature and the expiry.
func (s *Server) verifyPlay(token string, now time.Time) (playToken, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 4 {
		return playToken{}, errPlayLink
	}
	msg := strings.Join(parts[:3], ".")
	if !hmac.Equal([]byte(parts[3]), []byte(s.sign("media-play:" + msg)[:22])) {
		return playToken{}, errPlayLink
	}
	asset, e1 := strconv.ParseInt(parts[0], 10, 64)
	user, e2 := strconv.ParseInt(parts[1], 10, 64)
	exp, e3 := strconv.ParseInt(parts[2], 10, 64)
	if e1 != nil || e2 != nil || e3 != nil {
		return playToken{}, errPlayLink
	}
	t := playToken{Asset: asset, User: user, Expires: time.Unix(exp, 0)}
	if !now.Before(t.Expires) {
		return t, errPlayExpired
	}
	return t, nil
}

var errPlayExpired = apperr.New(apperr.Forbidden, "play_link", "播放链接已过期，请刷新页面后重新播放")

// playAccess lets a request through only when it carries both the signed
// link and the credentials (session cookie or API token, as authenticate
// resolved them) of the user the link was signed for: a URL copied out of
// a browser or a script is worth nothing to anyone else. An expired link
// keeps working for its user for half a day: Safari's native HLS cannot
// renew the link mid-lecture the way hls.js does.
func (s *Server) playAccess(c echo.Context) (playToken, error) {
	now := time.Now()
	t, err := s.verifyPlay(c.Param("token"), now)
	if a := actorOf(c); a == nil || t.User != a.UserID {
		return t, errPlayLink
	}
	if err == errPlayExpired && now.Sub(t.Expires) < 12*time.Hour {
		return t, nil
	}
	return t, err
}

// playbackView is what a player needs; every URL is a signed link.
type playbackView struct {
	URL        string         `json:"url"`
	Base       string         `json:"base"`
	ExpiresAt  time.Time      `json:"expires_at"`
	Poster     string         `json:"poster"`
	Storyboard string         `json:"storyboard,omitempty"`
	Subtitles  []subtitleView `json:"subtitles"`
	Renditions []media.Rung   `json:"renditions"`
	Title      string         `json:"title"`
	Duration   float64        `json:"duration"`
}

type subtitleView struct {
	Lang  string `json:"lang"`
	Label string `json:"label"`
	URL   string `json:"url"`
}

// apiMediaPlayback gives the current user a master playlist URL, if they
// may see the lecture.
func (s *Server) apiMediaPlayback(c echo.Context) error {
	a, _, err := s.playableAsset(c)
	if err != nil {
		return err
	}
	if a.State != media.StateReady {
		return apperr.Conflictf("视频尚未处理完成（%s）", media.StateLabel(a.State))
	}
	v, err := s.playback(c, a)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, v)
}

func (s *Server) playback(c echo.Context, a *media.Asset) (*playbackView, error) {
	t := playToken{Asset: a.ID, User: actorOf(c).UserID, Expires: time.Now().Add(playTTL).Truncate(time.Second)}
	base := "/media/s/" + s.signPlay(t) + "/"
	v := &playbackView{URL: base + "master.m3u8", Base: base, ExpiresAt: t.Expires, Poster: base + "poster.jpg",
		Renditions: a.Renditions, Title: a.Title, Duration: a.Duration, Subtitles: []subtitleView{}}
	if a.HasVideo {
		v.Storyboard = base + "storyboard.vtt"
	}
	subs, err := s.Media.Subtitles(c.Request().Context(), a.ID)
	for _, sub := range subs {
		v.Subtitles = append(v.Subtitles, subtitleView{Lang: sub.Lang, Label: sub.Label, URL: base + "subs/" + sub.Lang + ".vtt"})
	}
	return v, err
}

// mediaStream serves every playlist, segment, picture and subtitle of a
// lecture to the user a valid link was made for, signed in. Segments are recorded as fetched before
// they are answered, in both delivery modes.
func (s *Server) mediaStream(c echo.Context) error {
	t, err := s.playAccess(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	name := c.Param("*")
	var key string
	switch {
	case strings.HasSuffix(name, ".ts"):
		rendition, file, _ := strings.Cut(name, "/")
		if key, err = s.Media.SegmentKey(ctx, t.User, t.Asset, rendition, file); err != nil {
			return err
		}
		if s.Media.Delivery == media.DeliveryRedirect {
			return s.redirectTo(c, key)
		}
	case name == "master.m3u8":
		return s.masterPlaylist(c, t.Asset)
	case strings.HasPrefix(name, "subs/") && strings.HasSuffix(name, ".vtt"):
		key, err = s.Media.SubtitleKey(ctx, t.Asset, strings.TrimSuffix(strings.TrimPrefix(name, "subs/"), ".vtt"))
	default:
		key, err = s.Media.OutputKey(ctx, t.Asset, name)
	}
	if err != nil {
		return err
	}
	return s.proxyObject(c, key)
}

func (s *Server) masterPlaylist(c echo.Context, assetID int64) error {
	text, err := s.Media.MasterPlaylist(c.Request().Context(), assetID)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=300")
	return c.Blob(http.StatusOK, "application/vnd.apple.mpegurl", []byte(text))
}

func (s *Server) redirectTo(c echo.Context, key string) error {
	link, err := s.Media.Presign(c.Request().Context(), key, segmentTTL)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.Redirect(http.StatusFound, link)
}

// proxyObject streams an object from the store to the client.
func (s *Server) proxyObject(c echo.Context, key string) error {
	obj, err := s.Media.Open(c.Request().Context(), key)
	if err != nil {
		return err
	}
	defer obj.Close()
	h := c.Response().Header()
	h.Set("Content-Length", strconv.FormatInt(obj.Size, 10))
	h.Set("Cache-Control", "private, max-age=300")
	return c.Stream(http.StatusOK, obj.ContentType, obj)
}

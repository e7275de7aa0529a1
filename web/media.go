package web

import (
	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/media"
	"lms/org"
)

// mediaRoutes: the lecture library and upload pages, the media API, and
// the token-guarded stream that every playlist and segment goes through.
func (s *Server) mediaRoutes(api *echo.Group) {
	if s.Media == nil {
		return
	}
	s.e.GET("/media/s/:token/*", s.mediaStream)
	pg := s.e.Group("/media", requireLogin, s.mustChangePassword)
	pg.GET("", s.mediaLibraryPage, s.uploaderOnly)
	pg.GET("/upload", s.mediaUploadPage, s.uploaderOnly)
	pg.GET("/:id", s.mediaPlayerPage)
	pg.POST("/:id/retry", s.mediaRetrySubmit)
	pg.POST("/:id/rename", s.mediaRenameSubmit)
	pg.POST("/:id/delete", s.mediaDeleteSubmit)
	pg.POST("/:id/subtitles", s.mediaSubtitleSubmit)
	pg.POST("/:id/subtitles/:lang/delete", s.mediaSubtitleDeleteSubmit)

	m := api.Group("/media", requireLogin)
	m.GET("", s.apiMediaList, s.uploaderOnly)
	m.POST("", s.apiMediaIngest, s.uploaderOnly)
	m.GET("/:id", s.apiMediaGet)
	m.PATCH("/:id", s.apiMediaRename)
	m.DELETE("/:id", s.apiMediaDelete)
	m.POST("/:id/retry", s.apiMediaRetry)
	m.GET("/:id/playback", s.apiMediaPlayback)
	m.PUT("/:id/subtitles/:lang", s.apiSubtitlePut)
	m.DELETE("/:id/subtitles/:lang", s.apiSubtitleDelete)
	s.uploadRoutes(m.Group("/uploads", s.uploaderOnly))
}

// streamedBody names the requests whose body goes straight to the object
// store: they are exempt from the 25 MB body limit (and gzip is pointless
// on video), the services bound them themselves.
func streamedBody(c echo.Context) bool {
	switch c.Path() {
	case "/api/v1/media", "/api/v1/media/uploads/:uid/parts/:n", "/media/s/:token/*":
		return true
	}
	return false
}

// uploaderOnly lets through trainers and admins: those who build courses.
func (s *Server) uploaderOnly(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !canUpload(actorOf(c)) {
			return apperr.Forbiddenf("%s", s.t(c, "media.trainers_only"))
		}
		return next(c)
	}
}

func canUpload(a *org.Actor) bool {
	return org.Policy{}.CanBuildCourses(a)
}

// adminOver reports whether the actor is an admin whose subtree holds the
// owner's account.
func (s *Server) adminOver(c echo.Context, ownerID int64) bool {
	a := actorOf(c)
	if a.System {
		return true
	}
	if !a.Has(org.RoleAdmin) {
		return false
	}
	u, err := s.Org.User(c.Request().Context(), a, ownerID)
	return err == nil && s.Org.Policy.CanManageUser(a, u.UnitPath)
}

// managedAsset loads an asset the actor may manage: its owner or an admin
// over the owner. Anyone else is told it does not exist.
func (s *Server) managedAsset(c echo.Context) (*media.Asset, error) {
	a, err := s.assetParam(c)
	if err != nil {
		return nil, err
	}
	if a.OwnerID != actorOf(c).UserID && !s.adminOver(c, a.OwnerID) {
		return nil, apperr.NotFoundf("视频不存在")
	}
	return a, nil
}

// playableAsset loads an asset the actor may play (owner, admin over the
// owner, or whoever the courses feature says).
func (s *Server) playableAsset(c echo.Context) (*media.Asset, bool, error) {
	a, err := s.assetParam(c)
	if err != nil {
		return nil, false, err
	}
	manage := a.OwnerID == actorOf(c).UserID || s.adminOver(c, a.OwnerID)
	ok, err := s.Media.CanPlay(c.Request().Context(), actorOf(c).UserID, a, manage)
	if err != nil {
		return nil, false, err
	}
	if !ok {
		return nil, false, apperr.NotFoundf("视频不存在")
	}
	return a, manage, nil
}

func (s *Server) assetParam(c echo.Context) (*media.Asset, error) {
	id, err := pathID(c)
	if err != nil {
		return nil, apperr.NotFoundf("视频不存在")
	}
	return s.Media.Asset(c.Request().Context(), id)
}

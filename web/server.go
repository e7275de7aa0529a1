// Package web is the HTTP face of the platform: echo routes, middleware,
// server-rendered pages and the JSON API under /api/v1.
package web

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"lms/appraisal"
	"lms/course"
	"lms/feedback"
	"lms/internal/objstore"
	"lms/media"
	"lms/notice"
	"lms/org"
	"lms/quiz"
	"lms/reflection"
	"lms/report"
	"lms/scorm"
	"lms/search"
	"lms/training"
)

// Deps is what the web layer needs from the process.
type Deps struct {
	Org        *org.Service
	Course     *course.Service
	Quiz       *quiz.Service
	Media      *media.Service
	Search     *search.Service
	Report     *report.Service
	Notice     *notice.Service
	Feedback   *feedback.Service
	Appraisal  *appraisal.Service
	Reflection *reflection.Service
	DB         *pgxpool.Pool
	Store      *objstore.Store
	Log        *slog.Logger
	BaseURL    string
	SecretKey  []byte
	// TrustedProxies are the peers whose X-Forwarded-For and X-Real-IP
	// headers are believed; from anyone else they are ignored.
	TrustedProxies []*net.IPNet

	Training *training.Service // nil leaves the training routes out
	Scorm    *scorm.Service
}

// Server is the echo application.
type Server struct {
	Deps
	e       *echo.Echo
	views   *views
	metrics *metrics
	secure  bool
}

// New builds the server; templates are parsed here, so a broken template
// fails the boot rather than a request.
func New(d Deps) (*Server, error) {
	v, err := loadViews()
	if err != nil {
		return nil, err
	}
	s := &Server{Deps: d, e: echo.New(), views: v, metrics: newMetrics(),
		secure: strings.HasPrefix(d.BaseURL, "https://")}
	s.e.HideBanner, s.e.HidePort = true, true
	s.e.HTTPErrorHandler = s.handleError
	s.e.IPExtractor = clientIP(d.TrustedProxies)
	s.middleware()
	s.routes()
	return s, nil
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.e.ServeHTTP(w, r) }

func (s *Server) middleware() {
	s.e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{
		Skipper: func(c echo.Context) bool { return c.Request().URL.Path == "/" },
	}))
	s.e.Use(middleware.RequestID())
	s.e.Use(s.metrics.middleware)
	s.e.Use(s.accessLog)
	s.e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			s.Log.Error("panic", "err", err, "path", c.Path(), "stack", string(stack))
			return err
		},
	}))
	s.e.Use(securityHeaders)
	s.e.Use(middleware.GzipWithConfig(middleware.GzipConfig{
		Skipper: func(c echo.Context) bool { return c.Path() == "/metrics" || streamedBody(c) },
	}))
	s.e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: "25M",
		Skipper: func(c echo.Context) bool { return streamedBody(c) || documentUpload(c) }}))
	// Documents get their larger limit here too, before checkInput reads
	// their form: a route's own middleware runs only after it.
	s.e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: "210M",
		Skipper: func(c echo.Context) bool { return !documentUpload(c) }}))
	s.e.Use(checkInput)
	s.e.Use(s.authenticate)
	s.e.Use(auditAddress)
	s.e.Use(s.csrf)
}

// heartbeatRoute is left out of the access log when it succeeds: every
// playing learner sends one each ten seconds, so at tens of thousands of
// learners the lines would cost more than the heartbeats. They are counted
// in /metrics; failed ones are logged like every other request.
const heartbeatRoute = "/api/v1/lessons/:id/heartbeat"

// accessLog writes one line per request once the error handler has
// answered, so the line has the status the client saw.
func (s *Server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		res := c.Response()
		if res.Status < 400 && c.Path() == heartbeatRoute {
			return err
		}
		req := c.Request()
		attrs := []slog.Attr{slog.String("method", req.Method), slog.String("uri", req.RequestURI),
			slog.Int("status", res.Status), slog.Duration("latency", time.Since(start)),
			slog.String("ip", c.RealIP()), slog.String("request_id", res.Header().Get(echo.HeaderXRequestID)),
			slog.Int64("bytes", res.Size)}
		if a := actorOf(c); a != nil && !quietActor(c) {
			attrs = append(attrs, slog.Int64("user_id", a.UserID))
		}
		level := slog.LevelInfo
		if res.Status >= 500 {
			level = slog.LevelError
		}
		s.Log.LogAttrs(req.Context(), level, "request", attrs...)
		return err
	}
}

// securityHeaders: no inline script anywhere, no framing, no sniffing.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "+
			"img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; font-src 'self'; "+
			"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		return next(c)
	}
}

func (s *Server) routes() {
	s.e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok\n") })
	s.e.GET("/readyz", s.ready)
	s.e.GET("/metrics", echo.WrapHandler(s.metrics.handler()))
	s.staticRoutes()
	s.authRoutes()
	s.pageRoutes()
	api := s.e.Group("/api/v1")
	// Without this, the page group's catch-all would answer unknown API
	// paths with a login redirect instead of a JSON 404.
	api.RouteNotFound("/*", func(echo.Context) error { return echo.ErrNotFound })
	s.authAPIRoutes(api)
	s.orgRoutes(api)
	s.userRoutes(api)
	s.courseRoutes(api)
	s.quizRoutes(api)
	s.mediaRoutes(api)
	s.searchRoutes(api)
	s.reportRoutes(api)
	s.noticeRoutes(api)
	s.feedbackRoutes(api)
	s.reflectionRoutes(api)
	s.appraisalRoutes(api)
	s.trainingRoutes(api)
	s.scormRoutes(api)
}

// ready answers 200 only when PostgreSQL and the object store both answer.
func (s *Server) ready(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	checks := map[string]error{"postgres": s.DB.Ping(ctx)}
	if s.Store != nil {
		checks["object_store"] = s.Store.Ping(ctx)
	}
	status, out := http.StatusOK, map[string]string{}
	for name, err := range checks {
		out[name] = "ok"
		if err != nil {
			status, out[name] = http.StatusServiceUnavailable, err.Error()
		}
	}
	return c.JSON(status, out)
}

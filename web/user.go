package web

import (
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/org"
)

func (s *Server) userRoutes(g *echo.Group) {
	g.GET("/users", s.apiUsers, requireLogin)
	g.POST("/users", s.apiUserCreate, requireLogin)
	g.GET("/users/:id", s.apiUser, requireLogin)
	g.PATCH("/users/:id", s.apiUserUpdate, requireLogin)
	g.POST("/users/import", s.apiUserImport, requireLogin)
	g.GET("/audit", s.apiAudit, requireLogin)
}

// userFilter reads ?org=&q=&page=&per_page= with errors for malformed values.
func userFilter(c echo.Context) (org.UserFilter, error) {
	f := org.UserFilter{Query: c.QueryParam("q")}
	var err error
	if v := c.QueryParam("org"); v != "" {
		if f.UnitID, err = parseID(v); err != nil {
			return f, err
		}
	}
	if f.Page, f.PerPage, err = listPage(c); err != nil {
		return f, err
	}
	if len([]rune(f.Query)) > 100 {
		return f, apperr.Invalidf("搜索词过长")
	}
	return f, nil
}

func (s *Server) apiUsers(c echo.Context) error {
	f, err := userFilter(c)
	if err != nil {
		return err
	}
	res, err := s.Org.ListUsers(c.Request().Context(), actorOf(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

func (s *Server) apiUser(c echo.Context) error {
	return byID(c, http.StatusOK, actorOf(c), s.Org.User)
}

func (s *Server) apiUserCreate(c echo.Context) error {
	var in org.UserInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := s.Org.CreateUser(c.Request().Context(), actorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

func (s *Server) apiUserUpdate(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var p org.UserPatch
	if err := bindJSON(c, &p); err != nil {
		return err
	}
	u, err := s.Org.UpdateUser(c.Request().Context(), actorOf(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

// apiUserImport takes a roster as the multipart field "file";
// ?dry_run=1 checks without writing.
func (s *Server) apiUserImport(c echo.Context) error {
	data, err := uploadedFile(c, "file")
	if err != nil {
		return err
	}
	rows, err := org.ReadRoster(data)
	if err != nil {
		return err
	}
	rep, err := s.Org.ImportUsers(c.Request().Context(), actorOf(c), rows, org.ImportOptions{
		DryRun: c.QueryParam("dry_run") == "1" || c.QueryParam("dry_run") == "true", InitialPassword: c.FormValue("initial_password")})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(rep.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	return c.JSON(status, rep)
}

const maxRosterBytes = 20 << 20

func uploadedFile(c echo.Context, field string) ([]byte, error) {
	fh, err := c.FormFile(field)
	if err != nil {
		return nil, apperr.Invalidf("请选择要上传的文件")
	}
	if fh.Size > maxRosterBytes {
		return nil, apperr.Invalidf("文件过大（最大 20 MB）")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxRosterBytes))
}

func (s *Server) apiAudit(c echo.Context) error {
	page, err := pageNumber(c)
	if err != nil {
		return err
	}
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	res, err := s.Org.AuditFiltered(c.Request().Context(), actorOf(c), f, page)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

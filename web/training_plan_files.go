package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/training"
)

// planFileRoutes: the files of a class's plan, through the API and the
// class page's forms.
func (s *Server) planFileRoutes(api *echo.Group) {
	api.GET("/training/classes/:id/plan-files", s.apiPlanFiles, requireLogin)
	api.POST("/training/classes/:id/plan-files", s.apiPlanFileAdd, requireLogin)
	api.DELETE("/training/classes/:id/plan-files/:file", s.apiPlanFileRemove, requireLogin)
	g := s.e.Group("/training", requireLogin, s.mustChangePassword)
	g.GET("/classes/:id/plan-files/:file", s.planFileServe)
	g.POST("/classes/:id/plan-files", s.planFileAddSubmit)
	g.POST("/classes/:id/plan-files/:file/delete", s.planFileRemoveSubmit)
}

func (s *Server) apiPlanFiles(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	list, err := s.Training.PlanFiles(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"files": list})
}

func (s *Server) apiPlanFileAdd(c echo.Context) error {
	f, err := s.addPlanFile(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, f)
}

func (s *Server) planFileAddSubmit(c echo.Context) error {
	f, err := s.addPlanFile(c)
	if err != nil {
		return err
	}
	return backToClass(c, f.ClassID, "saved")
}

// addPlanFile stores the multipart field "file" with the class's plan.
func (s *Server) addPlanFile(c echo.Context) (*training.PlanFile, error) {
	id, err := pathID(c)
	if err != nil {
		return nil, err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, apperr.Invalidf("请选择要上传的文件")
	}
	r, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return s.Training.AddPlanFile(c.Request().Context(), actorOf(c), id, fh.Filename, r)
}

func (s *Server) apiPlanFileRemove(c echo.Context) error {
	if err := s.removePlanFile(c); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) planFileRemoveSubmit(c echo.Context) error {
	if err := s.removePlanFile(c); err != nil {
		return err
	}
	id, _ := pathID(c)
	return backToClass(c, id, "saved")
}

func (s *Server) removePlanFile(c echo.Context) error {
	id, file, err := planFileIDs(c)
	if err != nil {
		return err
	}
	return s.Training.RemovePlanFile(c.Request().Context(), actorOf(c), id, file)
}

// planFileIDs reads the class and the file of a plan file's path.
func planFileIDs(c echo.Context) (classID, fileID int64, err error) {
	if classID, err = pathID(c); err == nil {
		fileID, err = idParam(c, "file")
	}
	return classID, fileID, err
}

// planFileServe serves a plan file: PDFs and pictures in the page, Word
// files as downloads, under a policy that runs nothing.
func (s *Server) planFileServe(c echo.Context) error {
	id, file, err := planFileIDs(c)
	if err != nil {
		return err
	}
	obj, f, err := s.Training.OpenPlanFile(c.Request().Context(), actorOf(c), id, file)
	if err != nil {
		return err
	}
	defer obj.Close()
	disp := "inline"
	if f.Kind == "docx" {
		disp = "attachment"
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'")
	h.Set("Content-Disposition", disp+"; filename*=UTF-8''"+urlPathEscape(f.Filename))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", fmt.Sprint(f.Size))
	return c.Stream(http.StatusOK, training.PlanMIME[f.Kind], obj)
}

package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
)

func (s *Server) orgRoutes(g *echo.Group) {
	g.GET("/orgs/tree", s.apiOrgTree, requireLogin)
	g.POST("/orgs", s.apiOrgCreate, requireLogin)
	g.PATCH("/orgs/:id", s.apiOrgUpdate, requireLogin)
}

type unitInput struct {
	ParentID int64   `json:"parent_id" form:"parent_id"`
	Name     *string `json:"name" form:"name"`
	Kind     *string `json:"kind" form:"kind"`
}

func (s *Server) apiOrgTree(c echo.Context) error {
	tree, err := s.Org.Tree(c.Request().Context(), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"units": tree})
}

func (s *Server) apiOrgCreate(c echo.Context) error {
	var in unitInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.ParentID == 0 || in.Name == nil {
		return apperr.Invalidf("须提供 parent_id 和 name")
	}
	u, err := s.Org.CreateUnit(c.Request().Context(), actorOf(c), in.ParentID, *in.Name, deref(in.Kind))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

// apiOrgUpdate renames (name, kind) and/or moves (parent_id) a unit.
func (s *Server) apiOrgUpdate(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in unitInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	ctx, a := c.Request().Context(), actorOf(c)
	if in.Name != nil || in.Kind != nil {
		cur, err := s.Org.Unit(ctx, a, id)
		if err != nil {
			return err
		}
		name, kind := cur.Name, cur.Kind
		if in.Name != nil {
			name = *in.Name
		}
		if in.Kind != nil {
			kind = *in.Kind
		}
		if err := s.Org.RenameUnit(ctx, a, id, name, kind); err != nil {
			return err
		}
	}
	if in.ParentID != 0 {
		if err := s.Org.MoveUnit(ctx, a, id, in.ParentID); err != nil {
			return err
		}
	}
	u, err := s.Org.Unit(ctx, a, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

package web

import "github.com/labstack/echo/v4"

// adminPageRoutes registers the admin pages: org tree, users, import, audit.
func (s *Server) adminPageRoutes(g *echo.Group) {}

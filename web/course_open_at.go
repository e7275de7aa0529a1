package web

import (
	"math"
	"strconv"

	"github.com/labstack/echo/v4"
)

// openAt is where a lesson opens when a search hit links to it: a page of
// its PDF, or a second of its lecture. A value that makes no sense is
// ignored: the lesson opens as usual.
type openAt struct {
	Page  int    // 1-based PDF page; 0: the first
	Start string // seconds into the lecture; "": where the learner left off
}

func readOpenAt(c echo.Context) openAt {
	var o openAt
	if p, err := strconv.Atoi(c.QueryParam("page")); err == nil && p > 0 && p <= 100000 {
		o.Page = p
	}
	if t, err := strconv.ParseFloat(c.QueryParam("t"), 64); err == nil && t >= 0 && t < 1e6 && !math.IsNaN(t) {
		o.Start = strconv.FormatFloat(t, 'f', -1, 64)
	}
	return o
}

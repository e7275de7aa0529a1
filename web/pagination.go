package web

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
)

// Every list reads its page through these two, so no page number a client
// sends can overflow an OFFSET: pages run from 1 to maxPage, sizes from 1
// to maxPerPage (each list then applies its own, smaller cap).
const (
	maxPage    = 100000
	maxPerPage = 1000
)

// pageNumber reads ?page=: 1 when absent, 400 unless a whole number from 1
// to maxPage.
func pageNumber(c echo.Context) (int, error) {
	n, err := boundedParam(c, "page", "页码", maxPage)
	return max(n, 1), err
}

// listPage reads ?page= and ?per_page=; per_page is 0 (the list's default)
// when absent.
func listPage(c echo.Context) (page, perPage int, err error) {
	if page, err = pageNumber(c); err != nil {
		return 0, 0, err
	}
	perPage, err = boundedParam(c, "per_page", "每页条数", maxPerPage)
	return page, perPage, err
}

func boundedParam(c echo.Context, name, label string, limit int) (int, error) {
	v := strings.TrimSpace(c.QueryParam(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > limit {
		return 0, apperr.New(apperr.Invalid, "invalid_page", "%s（%s）须为 1 至 %d 的整数", label, name, limit)
	}
	return n, nil
}

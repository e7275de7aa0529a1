package web

import (
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"
)

// A search hit's ?page= and ?t= open a lesson there; nonsense is ignored
// and the lesson opens as usual.
func TestReadOpenAt(t *testing.T) {
	cases := map[string]openAt{
		"?page=2":                 {Page: 2},
		"?t=83.5":                 {Start: "83.5"},
		"?page=3&t=0":             {Page: 3, Start: "0"},
		"?page=0":                 {},
		"?page=-1&t=-5":           {},
		"?page=abc&t=NaN":         {},
		"?page=99999999999&t=1e9": {},
		"?t=Inf":                  {},
		"?page=2%22%3E":           {},
		"":                        {},
	}
	e := echo.New()
	for q, want := range cases {
		c := e.NewContext(httptest.NewRequest("GET", "/lessons/1"+q, nil), httptest.NewRecorder())
		if got := readOpenAt(c); got != want {
			t.Errorf("%q: %+v, want %+v", q, got, want)
		}
	}
}

package web

// The ground floor of every handler: who is asking, the ids in the path,
// and the JSON body. Handlers use these, never their own parsing, so that
// a bad id or body gets the same clear answer everywhere.

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/org"
)

// actorOf is who is asking: the account authentication loaded, or nil.
func actorOf(c echo.Context) *org.Actor {
	a, _ := c.Get(actorKey).(*org.Actor)
	return a
}

// pathID reads the path's :id.
func pathID(c echo.Context) (int64, error) {
	return parseID(c.Param("id"))
}

// idParam reads a positive numeric path parameter.
func idParam(c echo.Context, name string) (int64, error) { return parseID(c.Param(name)) }

// parseID reads a positive id; anything else is a 400 naming it.
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.Invalidf("编号“%s”无效", s)
	}
	return id, nil
}

// bindJSON decodes a JSON body strictly, with a message a user understands.
func bindJSON(c echo.Context, v any) error {
	if !isJSON(c) {
		return apperr.New(apperr.Invalid, "invalid_json", "请求须为 JSON（Content-Type: application/json）")
	}
	req := c.Request()
	if req.ContentLength == 0 {
		return nil
	}
	buf := bodyBuffers.Get().(*bytes.Buffer)
	defer putBodyBuffer(buf)
	if _, err := buf.ReadFrom(req.Body); err != nil {
		if errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
			return err
		}
		return apperr.New(apperr.Invalid, "invalid_json", "请求体未能读完")
	}
	if err := checkJSONText(buf.Bytes()); err != nil {
		return err
	}
	if err := json.Unmarshal(buf.Bytes(), v); err != nil {
		return apperr.New(apperr.Invalid, "invalid_json", "请求体不是有效的 JSON")
	}
	return nil
}

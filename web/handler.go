package web

import (
	"context"

	"github.com/labstack/echo/v4"
)

// byID is the shape shared by the handlers whose only input is the path
// id: ask the domain as who (which applies the policy), answer its result.
func byID[W, Out any](c echo.Context, status int, who W, fn func(context.Context, W, int64) (Out, error)) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	out, err := fn(c.Request().Context(), who, id)
	if err != nil {
		return err
	}
	return c.JSON(status, out)
}

// idAndBody is byID for handlers that also take a JSON body.
func idAndBody[W, In, Out any](c echo.Context, status int, who W,
	fn func(ctx context.Context, who W, id int64, in In) (Out, error)) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in In
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	out, err := fn(c.Request().Context(), who, id, in)
	if err != nil {
		return err
	}
	return c.JSON(status, out)
}

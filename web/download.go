package web

import (
	"bufio"
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
)

// downloadBuffer is how much of a download is held before the first byte
// goes out: a failure within it can still be answered with an error.
const downloadBuffer = 64 << 10

// download is a streamed file whose status line and headers are sent with
// its first byte, not before, so that an export failing early is answered
// with an error instead of a 200 and an empty body.
type download struct {
	c      echo.Context
	header func(http.Header)
	buf    *bufio.Writer
	sent   bool // the status line went out
	lost   bool // writing to the client failed: it went away
}

func newDownload(c echo.Context, header func(http.Header)) *download {
	d := &download{c: c, header: header}
	d.buf = bufio.NewWriterSize(wire{d}, downloadBuffer)
	return d
}

func (d *download) Write(p []byte) (int, error) { return d.buf.Write(p) }

// Flush pushes what is written to the client.
func (d *download) Flush() {
	if d.buf.Flush() == nil {
		d.c.Response().Flush()
	}
}

// wire writes to the response, sending the headers first.
type wire struct{ d *download }

func (w wire) Write(p []byte) (int, error) {
	d, res := w.d, w.d.c.Response()
	if !d.sent {
		d.sent = true
		d.header(res.Header())
		res.WriteHeader(http.StatusOK)
	}
	n, err := res.Write(p)
	if err != nil {
		d.lost = true
	}
	return n, err
}

// finish ends the download after its writer returned err. Before the
// first byte the error goes to the error handler like any other.
func (d *download) finish(log *slog.Logger, err error) error {
	if err == nil {
		err = d.buf.Flush()
	}
	if err == nil || !d.sent {
		return err
	}
	d.abort(log, err)
	return nil
}

// abort ends a download that failed after its first byte so that it can
// never look complete: a 200 with a body that ends cleanly would be
// saved as a whole file. Over HTTP/1.1 the connection is closed before
// the terminating chunk; where it cannot be taken over (HTTP/2) the
// handler panics with http.ErrAbortHandler, which resets the stream. The
// status the access log and metrics record is set by hand: the real one
// went out with the first byte.
func (d *download) abort(log *slog.Logger, err error) {
	ctx, res := d.c.Request().Context(), d.c.Response()
	attrs := []any{"path", d.c.Request().URL.Path, "request_id", res.Header().Get(echo.HeaderXRequestID),
		"bytes", res.Size, "err", err}
	if d.lost || clientGone(d.c, err) {
		log.InfoContext(ctx, "download cancelled by client", attrs...)
		res.Status = statusClientClosed
	} else {
		log.ErrorContext(ctx, "download cut short, response aborted", attrs...)
		res.Status = http.StatusInternalServerError
	}
	conn, _, herr := http.NewResponseController(res).Hijack()
	if herr != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// clientGone tells a request the client gave up on (it closed the
// connection, so its context was cancelled) from a failure of ours.
func clientGone(c echo.Context, err error) bool {
	return errors.Is(err, context.Canceled) && errors.Is(c.Request().Context().Err(), context.Canceled)
}

package web

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
)

// checkInput refuses, once for every route, text that no feature can store
// or show: invalid UTF-8, NUL and the other C0 controls (tab, newline and
// carriage return aside). It reads the path parameters, the query string
// and the fields of ordinary and multipart forms; JSON bodies are checked
// by bindJSON. It also notes a body that ends before its Content-Length, so that whatever
// error that causes downstream answers 400.
func checkInput(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		for i, v := range c.ParamValues() {
			if !validText(v) {
				return invalidText(c.ParamNames()[i])
			}
		}
		if req.URL.RawQuery != "" {
			if err := checkValues(c.QueryParams()); err != nil {
				return err
			}
		}
		if req.Body != nil && req.Body != http.NoBody {
			b := &edgeBody{ReadCloser: req.Body}
			req.Body = b
			c.Set(edgeBodyKey, b)
		}
		if err := checkForm(c); err != nil {
			return err
		}
		return next(c)
	}
}

const edgeBodyKey = "edge_body"

// edgeBody remembers the first error reading the request body other than
// its proper end: a client gone mid-upload, a body cut short, a body over
// the size limit.
type edgeBody struct {
	io.ReadCloser
	err error
}

func (b *edgeBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.err == nil {
		b.err = err
	}
	return n, err
}

// bodyCutShort reports whether the request's body failed to arrive whole.
func bodyCutShort(c echo.Context) bool {
	b, ok := c.Get(edgeBodyKey).(*edgeBody)
	return ok && b.err != nil && !errors.Is(b.err, echo.ErrStatusRequestEntityTooLarge)
}

var errCutShort = apperr.New(apperr.Invalid, "incomplete_body", "请求体不完整（连接中断或长度与 Content-Length 不符），请重新提交")

// checkForm parses an ordinary or multipart form (streamed uploads are left
// to their handler) and checks its fields; files are not text and are not
// checked.
func checkForm(c echo.Context) error {
	req := c.Request()
	ct := req.Header.Get(echo.HeaderContentType)
	var err error
	switch {
	case streamedBody(c):
		return nil
	case strings.HasPrefix(ct, echo.MIMEApplicationForm):
		err = req.ParseForm()
	case strings.HasPrefix(ct, echo.MIMEMultipartForm):
		err = req.ParseMultipartForm(32 << 20)
	default:
		return nil
	}
	if err != nil {
		if b, ok := c.Get(edgeBodyKey).(*edgeBody); ok && errors.Is(b.err, echo.ErrStatusRequestEntityTooLarge) {
			return b.err
		}
		if bodyCutShort(c) {
			return errCutShort
		}
		return apperr.New(apperr.Invalid, "invalid_form", "表单格式有误")
	}
	if err := checkValues(req.PostForm); err != nil {
		return err
	}
	if req.MultipartForm != nil {
		return checkValues(req.MultipartForm.Value)
	}
	return nil
}

func checkValues(values map[string][]string) error {
	for k, vs := range values {
		if !validText(k) {
			return invalidText("")
		}
		for _, v := range vs {
			if !validText(v) {
				return invalidText(k)
			}
		}
	}
	return nil
}

func invalidText(field string) error {
	if field == "" {
		return apperr.New(apperr.Invalid, "invalid_text", "请求中有参数名含有无效字符（NUL、控制字符或非 UTF-8 文本）")
	}
	return apperr.New(apperr.Invalid, "invalid_text", "字段 %s 含有无效字符（NUL、控制字符或非 UTF-8 文本）", field)
}

// validText: UTF-8 without NUL or other C0 controls, tab, newline and
// carriage return allowed.
func validText(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 && b != '\t' && b != '\n' && b != '\r' || b >= utf8.RuneSelf {
			return validSlow(s[i:])
		}
	}
	return true
}

func validSlow(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return false
		}
	}
	return true
}

package search

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// pdfTimeout bounds one pdftotext run: a hostile PDF can make it spin.
const pdfTimeout = 2 * time.Minute

// extractPDF runs pdftotext (poppler-utils) once; it ends every page with a
// form feed, which keeps the text per page.
func extractPDF(ctx context.Context, r io.Reader) ([]string, error) {
	tmp, err := os.CreateTemp("", "lms-pdf-*.pdf")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	if _, err := io.Copy(tmp, r); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	out := &capped{max: maxTextBytes}
	stderr := &capped{max: 4096, quiet: true}
	cmd := exec.CommandContext(ctx, "pdftotext", "-enc", "UTF-8", "-eol", "unix", tmp.Name(), "-")
	cmd.Stdout, cmd.Stderr = out, stderr
	err = cmd.Run()
	if err != nil {
		return nil, pdfProblem(ctx, err, out, stderr.String())
	}
	pages, problem := limitPages(strings.Split(unwrapHan(strings.TrimSuffix(out.String(), "\f")), "\f"))
	if allBlank(pages) {
		return nil, contentErr(nil, "PDF 没有文字层（可能是扫描件），无法检索：请上传带文字的版本")
	}
	if problem != nil {
		return pages, problem
	}
	return pages, nil
}

// pdfProblem says why pdftotext failed, in words a trainer can act on.
func pdfProblem(ctx context.Context, err error, out *capped, stderr string) error {
	var exit *exec.ExitError
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return contentErr(err, "PDF 解析超时（超过 %s），未能检索", pdfTimeout)
	case out.over:
		return contentErr(err, "PDF 文字超过 %d MB，未能检索", maxTextBytes>>20)
	case errors.Is(err, exec.ErrNotFound):
		return err // not the file's fault: retry once poppler-utils is installed
	case !errors.As(err, &exit):
		return err
	case exit.ExitCode() == 3 || strings.Contains(stderr, "password") || strings.Contains(stderr, "ncrypt"):
		return contentErr(errors.New(firstLine(stderr)), "PDF 已加密或禁止复制文字，无法检索：请上传未加密的版本")
	}
	return contentErr(errors.New(firstLine(stderr)), "PDF 文件已损坏或无法解析，未能检索")
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// capped is a buffer that takes at most max bytes. Past that it fails the
// write, which stops the program writing to it, or, when quiet, drops the
// rest (warnings on stderr are no reason to give up).
type capped struct {
	bytes.Buffer
	max   int
	quiet bool
	over  bool
}

func (c *capped) Write(p []byte) (int, error) {
	if c.Len()+len(p) <= c.max {
		return c.Buffer.Write(p)
	}
	c.over = true
	if c.quiet {
		return len(p), nil
	}
	return 0, errors.New("output too large")
}

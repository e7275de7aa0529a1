package web

import (
	"encoding/base64"
	"net/http"

	"github.com/labstack/echo/v4"

	"lms/internal/apperr"
	"lms/quiz"
)

// The import's second step, 导入其余题目: after a report with problems the
// page offers to import the questions that passed. The file travels back
// in the form (base64), so nothing half-uploaded waits on the server.

// maxRestEmbed bounds the file the report page carries back; a larger one
// is uploaded again with the 导入其余题目 box ticked.
const maxRestEmbed = 4 << 20

// restForm is what the report page's 导入其余题目 button posts again.
type restForm struct {
	Name   string
	Format string
	Data   string // base64
	// Bad and Good count the questions skipped and imported.
	Bad, Good int
}

// importRequest reads an import from the API or the page: the uploaded
// file (or one carried back as file_data), ?dry_run= and ?skip_bad=.
func importRequest(c echo.Context) (quiz.ImportRequest, error) {
	var in quiz.ImportRequest
	var err error
	if b64 := c.FormValue("file_data"); b64 != "" {
		if in.Data, err = base64.StdEncoding.DecodeString(b64); err != nil || len(in.Data) > maxQuestionFile {
			return in, apperr.Invalidf("文件内容无效，请重新上传")
		}
		in.Name, in.Format = c.FormValue("file_name"), c.FormValue("format")
		if in.Format == "" || in.Format == "auto" {
			in.Format = quiz.DetectFormat(in.Name, in.Data)
		}
	} else if in.Format, in.Name, in.Data, err = questionFileNamed(c); err != nil {
		return in, err
	}
	in.DryRun = truthy(c, "dry_run")
	in.SkipBad = truthy(c, "skip_bad")
	return in, nil
}

func truthy(c echo.Context, name string) bool {
	v := c.QueryParam(name)
	if v == "" {
		v = c.FormValue(name)
	}
	return v == "1" || v == "true" || v == "on"
}

// apiImport answers 200 with the report when the file was imported (or a
// dry run found nothing wrong, or the rest was imported with skip_bad=1),
// 422 with it when a question was rejected and nothing written.
func (s *Server) apiImport(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in, err := importRequest(c)
	if err != nil {
		return err
	}
	rep, err := s.Quiz.ImportFile(c.Request().Context(), s.viewer(c), id, in)
	if err != nil {
		return err
	}
	if len(rep.Problems) > 0 && rep.Imported == 0 {
		return c.JSON(http.StatusUnprocessableEntity, rep)
	}
	return c.JSON(http.StatusOK, rep)
}

// apiImports lists a bank's imports with the problems they skipped.
func (s *Server) apiImports(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	recs, err := s.Quiz.Imports(c.Request().Context(), s.viewer(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"imports": recs})
}

func (s *Server) importSubmitPage(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in, err := importRequest(c)
	var rep *quiz.ImportReport
	if err == nil {
		rep, err = s.Quiz.ImportFile(c.Request().Context(), s.viewer(c), id, in)
	}
	if err != nil {
		st, msg, ok := s.inlineError(c, err)
		if !ok {
			return err
		}
		return s.renderBank(c, st, &quiz.ImportReport{Problems: []quiz.Problem{{Message: msg}}, Read: 0}, nil)
	}
	status := http.StatusOK
	var rest *restForm
	if len(rep.Problems) > 0 && rep.Imported == 0 {
		status = http.StatusUnprocessableEntity
		rest = offerRest(in, rep)
	}
	return s.renderBank(c, status, rep, rest)
}

// offerRest is the 导入其余题目 form, when some questions passed.
func offerRest(in quiz.ImportRequest, rep *quiz.ImportReport) *restForm {
	if rep.Read <= len(rep.Problems) {
		return nil
	}
	f := &restForm{Name: in.Name, Format: in.Format, Bad: len(rep.Problems), Good: rep.Read - len(rep.Problems)}
	if len(in.Data) <= maxRestEmbed {
		f.Data = base64.StdEncoding.EncodeToString(in.Data)
	}
	return f
}

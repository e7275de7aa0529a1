package quiz

import (
	"bytes"
	"context"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"golang.org/x/text/encoding/simplifiedchinese"

	"lms/internal/apperr"
	"lms/internal/db"
)

// Formats of question files.
const (
	FormatGIFT  = "gift"
	FormatAiken = "aiken"
	FormatXLSX  = "xlsx"
)

// MaxImport bounds one import, so a runaway file cannot fill a bank.
const MaxImport = 20000

// ImportReport says what an import read and, unless it was a dry run or a
// question was rejected, wrote.
type ImportReport struct {
	Format   string    `json:"format"`
	Read     int       `json:"read"`
	Imported int       `json:"imported"`
	DryRun   bool      `json:"dry_run"`
	Problems []Problem `json:"problems"`
	// Preview holds the first questions read, for the dry-run page.
	Preview []Question `json:"-"`
}

// DetectFormat guesses a file's format from its name, then its content.
func DetectFormat(name string, data []byte) string {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".xlsx") || bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return FormatXLSX
	case strings.HasSuffix(lower, ".gift"):
		return FormatGIFT
	case strings.HasSuffix(lower, ".aiken"):
		return FormatAiken
	}
	if bytes.Contains(data, []byte("{")) {
		return FormatGIFT
	}
	return FormatAiken
}

// Parse reads a file in the given format.
func Parse(format string, data []byte) (Parsed, error) {
	switch format {
	case FormatXLSX:
		return ParseExcel(data)
	case FormatGIFT, FormatAiken:
		text, err := decodeText(data)
		if err != nil {
			return Parsed{}, err
		}
		if format == FormatGIFT {
			return ParseGIFT(text), nil
		}
		return ParseAiken(text), nil
	}
	return Parsed{}, apperr.Invalidf("不支持的文件格式“%s”（可用 gift、aiken、xlsx）", format)
}

// decodeText accepts UTF-8 and GB18030, which Chinese Windows saves.
func decodeText(data []byte) (string, error) {
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(out) {
		return "", apperr.Invalidf("文件编码无法识别，请保存为 UTF-8")
	}
	return string(out), nil
}

// Import reads a file into a bank. Nothing is written unless every
// question is valid; a dry run only reports.
func (s *Service) Import(ctx context.Context, v Viewer, bankID int64, format string, data []byte, dryRun bool) (*ImportReport, error) {
	if _, err := s.bankFor(ctx, v, bankID, readWrite); err != nil {
		return nil, err
	}
	p, err := Parse(format, data)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Format: format, Read: len(p.Items) + len(p.Problems), DryRun: dryRun,
		Problems: p.Problems}
	if rep.Problems == nil {
		rep.Problems = []Problem{}
	}
	qs := questionsOf(p)
	rep.Preview = qs[:min(len(qs), 20)]
	switch {
	case rep.Read == 0:
		return nil, apperr.Invalidf("文件中没有找到题目")
	case rep.Read > MaxImport:
		return nil, apperr.Invalidf("一次最多导入 %d 题，文件中有 %d 题", MaxImport, rep.Read)
	case dryRun || len(rep.Problems) > 0:
		return rep, nil
	}
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		n, err := insertQuestions(ctx, tx, bankID, qs)
		rep.Imported = int(n)
		if err != nil {
			return err
		}
		return s.bankChanged(ctx, tx, bankID)
	})
	return rep, err
}

func questionsOf(p Parsed) []Question {
	out := make([]Question, 0, len(p.Items))
	for _, it := range p.Items {
		out = append(out, it.Question)
	}
	return out
}

// Export writes a bank's questions as GIFT or xlsx.
func (s *Service) Export(ctx context.Context, v Viewer, bankID int64, format string) ([]byte, error) {
	if _, err := s.Bank(ctx, v, bankID); err != nil {
		return nil, err
	}
	qs, err := allQuestions(ctx, s.db, bankID)
	if err != nil {
		return nil, err
	}
	switch format {
	case FormatGIFT:
		return []byte(WriteGIFT(qs)), nil
	case FormatXLSX:
		return WriteExcel(qs)
	}
	return nil, apperr.Invalidf("导出格式须为 gift 或 xlsx")
}

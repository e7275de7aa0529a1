package quiz

import (
	"bytes"
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

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
// question was rejected, wrote. Skipped counts the questions an import of
// the rest left out.
type ImportReport struct {
	Format   string    `json:"format"`
	Read     int       `json:"read"`
	Imported int       `json:"imported"`
	Skipped  int       `json:"skipped"`
	DryRun   bool      `json:"dry_run"`
	Problems []Problem `json:"problems"`
	// RecordID is the import's record on the bank, once it wrote.
	RecordID int64 `json:"record_id,omitempty"`
	// Preview holds the first questions read, for the dry-run page.
	Preview []Question `json:"-"`
}

// ImportRequest is a file to import. By default nothing is written unless
// every question is valid; SkipBad imports the questions that passed and
// skips the reported ones (导入其余题目), keeping the report on the
// import's record.
type ImportRequest struct {
	Format  string
	Name    string
	Data    []byte
	DryRun  bool
	SkipBad bool
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

// Import reads a file into a bank. Nothing is written unless every
// question is valid; a dry run only reports.
func (s *Service) Import(ctx context.Context, v Viewer, bankID int64, format string, data []byte, dryRun bool) (*ImportReport, error) {
	return s.ImportFile(ctx, v, bankID, ImportRequest{Format: format, Data: data, DryRun: dryRun})
}

// ImportFile reads a file into a bank as the request says.
func (s *Service) ImportFile(ctx context.Context, v Viewer, bankID int64, in ImportRequest) (*ImportReport, error) {
	if _, err := s.bankFor(ctx, v, bankID, readWrite); err != nil {
		return nil, err
	}
	p, err := Parse(in.Format, in.Data)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Format: in.Format, Read: len(p.Items) + len(p.Problems), DryRun: in.DryRun,
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
	case in.SkipBad && len(qs) == 0:
		return nil, apperr.Invalidf("文件中没有可导入的题目：%d 题全部有问题", rep.Read)
	case in.DryRun || len(rep.Problems) > 0 && !in.SkipBad:
		return rep, nil
	}
	rep.Skipped = len(rep.Problems)
	return rep, s.writeImport(ctx, v, bankID, in.Name, qs, rep)
}

// writeImport inserts the questions and the import's record in one
// transaction.
func (s *Service) writeImport(ctx context.Context, v Viewer, bankID int64, name string, qs []Question, rep *ImportReport) error {
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		n, err := insertQuestions(ctx, tx, bankID, qs)
		rep.Imported = int(n)
		if err != nil {
			return err
		}
		rec := ImportRecord{BankID: bankID, UserID: v.UserID, FileName: truncate(name, 200), Format: rep.Format,
			Read: rep.Read, Imported: rep.Imported, Skipped: rep.Skipped, Problems: rep.Problems}
		if rep.RecordID, err = insertImport(ctx, tx, rec); err != nil {
			return err
		}
		return s.bankChanged(ctx, tx, bankID)
	})
}

// ImportRecord is an import that wrote to a bank, kept with its report.
type ImportRecord struct {
	ID        int64     `json:"id" db:"id"`
	BankID    int64     `json:"bank_id" db:"bank_id"`
	UserID    int64     `json:"user_id" db:"user_id"`
	FileName  string    `json:"file_name" db:"file_name"`
	Format    string    `json:"format" db:"format"`
	Read      int       `json:"read" db:"read"`
	Imported  int       `json:"imported" db:"imported"`
	Skipped   int       `json:"skipped" db:"skipped"`
	Problems  []Problem `json:"problems" db:"problems"`
	CreatedAt time.Time `json:"created_at" db:"created_at"`
}

// Imports lists a bank's latest imports, for whoever may change the bank.
func (s *Service) Imports(ctx context.Context, v Viewer, bankID int64) ([]ImportRecord, error) {
	if _, err := s.bankFor(ctx, v, bankID, readWrite); err != nil {
		return nil, err
	}
	return listImports(ctx, s.db, bankID, 20)
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

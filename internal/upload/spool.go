package upload

import (
	"io"
	"os"

	"lms/internal/apperr"
)

// Spool copies an upload to a temporary file, so that its type can be read
// from its content before it is stored. An empty file, one over max bytes
// (sizeMsg names the limit to the user) and one cut short are refused and
// leave nothing behind. The caller closes and removes the file.
func Spool(r io.Reader, max int64, sizeMsg string) (*os.File, int64, error) {
	tmp, err := os.CreateTemp("", "lms-upload-*")
	if err != nil {
		return nil, 0, err
	}
	n, err := io.Copy(tmp, io.LimitReader(r, max+1))
	switch {
	case err != nil:
		err = apperr.Invalidf("上传中断，请重试")
	case n == 0 || n > max:
		err = apperr.Invalidf("%s", sizeMsg)
	}
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, 0, err
	}
	return tmp, n, nil
}

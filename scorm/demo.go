package scorm

import (
	"archive/zip"
	"bytes"
	"context"
	"embed"
	"io/fs"

	"lms/org"
)

// demoFS is the platform's own demo courseware: a SCORM 1.2 package of two
// SCOs in Chinese (a short reading and a two-question quiz).
//
//go:embed demo
var demoFS embed.FS

// DemoPackage zips the demo courseware.
func DemoPackage() ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	sub, err := fs.Sub(demoFS, "demo")
	if err != nil {
		return nil, err
	}
	if err := zw.AddFS(sub); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// SeedDemo gives a SCORM lesson the demo courseware, as its trainer.
func (s *Service) SeedDemo(ctx context.Context, trainer *org.Actor, lessonID int64) error {
	data, err := DemoPackage()
	if err != nil {
		return err
	}
	_, err = s.Import(ctx, trainer, lessonID, bytes.NewReader(data), int64(len(data)), "completed")
	return err
}

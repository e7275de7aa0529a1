package quiz

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"lms/internal/apperr"
	"lms/internal/testenv"
	"lms/internal/upload"
)

var pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)

// Stem pictures as the quiz feature stores them in the real object store:
// a trainer's picture comes back byte for byte; a learner's script, a page
// disguised as a picture, an oversized file and a guessed or climbing name
// are refused.
func TestStemImages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	svc := &Service{Store: testenv.Store(t)}
	trainer := Viewer{UserID: 1, UnitPath: "u1", Manager: true}
	name, err := svc.UploadImage(ctx, trainer, bytes.NewReader(pngBytes))
	if err != nil || !imageName.MatchString(name) || !strings.HasSuffix(name, ".png") {
		t.Fatalf("upload: %q %v", name, err)
	}
	img, err := svc.Image(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(img)
	img.Close()
	if !bytes.Equal(got, pngBytes) || img.ContentType != "image/png" {
		t.Errorf("read back %d bytes of %s", len(got), img.ContentType)
	}
	refused := []struct {
		who  Viewer
		body []byte
		kind apperr.Kind
	}{
		{Viewer{UserID: 2, UnitPath: "u1.u2"}, pngBytes, apperr.Forbidden},
		{trainer, []byte("<html><script>alert(1)</script></html>"), apperr.Invalid},
		{trainer, append(bytes.Clone(pngBytes), make([]byte, upload.MaxImageBytes)...), apperr.Invalid},
		{trainer, nil, apperr.Invalid},
	}
	for i, c := range refused {
		if _, err := svc.UploadImage(ctx, c.who, bytes.NewReader(c.body)); !apperr.Is(err, c.kind) {
			t.Errorf("case %d: %v, want %v", i, err, c.kind)
		}
	}
	for _, bad := range []string{"../../secret", strings.Repeat("0", 32) + ".png", strings.ToUpper(name), name + "/x"} {
		if _, err := svc.Image(ctx, bad); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// Without an object store uploads are refused, and nothing is found.
func TestStemImagesWithoutStore(t *testing.T) {
	t.Parallel()
	svc := &Service{}
	trainer := Viewer{UserID: 1, Manager: true}
	if _, err := svc.UploadImage(context.Background(), trainer, bytes.NewReader(pngBytes)); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("upload without a store: %v", err)
	}
	if _, err := svc.Image(context.Background(), strings.Repeat("a", 32)+".png"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("read without a store: %v", err)
	}
}

package feedback

import (
	"bytes"
	"image"
	"image/jpeg"
	"testing"
)

// A JPEG with an EXIF block naming its owner loses the block when it is
// scrubbed, and stays a JPEG.
func TestScrubImageDropsEXIF(t *testing.T) {
	var plain bytes.Buffer
	must(t, jpeg.Encode(&plain, image.NewRGBA(image.Rect(0, 0, 8, 8)), nil))
	exif := append([]byte{0xFF, 0xE1, 0x00, 0x1A}, []byte("Exif\x00\x00Owner=ZhangXueyuan")...)
	exif[3] = byte(len(exif) - 2)
	tagged := append(append([]byte{0xFF, 0xD8}, exif...), plain.Bytes()[2:]...)
	if _, err := jpeg.Decode(bytes.NewReader(tagged)); err != nil {
		t.Fatalf("test image: %v", err)
	}
	out, ok := scrubImage("image/jpeg", tagged)
	if !ok || bytes.Contains(out, []byte("ZhangXueyuan")) {
		t.Fatalf("scrubbed: ok=%v, owner still there: %v", ok, bytes.Contains(out, []byte("ZhangXueyuan")))
	}
	if ct, _ := sniff(out); ct != "image/jpeg" {
		t.Errorf("scrubbed image is %q", ct)
	}
	if _, ok := scrubImage("image/png", []byte("\x89PNG\r\n\x1a\nbroken")); ok {
		t.Errorf("a broken PNG passed")
	}
}

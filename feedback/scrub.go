package feedback

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
)

// scrubImage re-encodes a photo or screenshot of an anonymous message so
// that what the camera or phone wrote into it (EXIF: device, owner, place)
// does not reach the handler. PDF and Word files keep their properties:
// the form warns the writer of them.
func scrubImage(ct string, data []byte) ([]byte, bool) {
	var img image.Image
	var err error
	switch ct {
	case "image/jpeg":
		img, err = jpeg.Decode(bytes.NewReader(data))
	case "image/png":
		img, err = png.Decode(bytes.NewReader(data))
	default:
		return data, true
	}
	if err != nil {
		return nil, false
	}
	var buf bytes.Buffer
	if ct == "image/jpeg" {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	} else {
		err = png.Encode(&buf, img)
	}
	return buf.Bytes(), err == nil
}

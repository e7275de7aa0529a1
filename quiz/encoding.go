package quiz

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"lms/internal/apperr"
)

// decodeText accepts UTF-8 and GB18030, which Chinese Windows saves. Bytes
// that are neither, such as a Western (Windows-1252, Latin-1) file, still
// decode as GB18030 — into nonsense: accented letters followed by ASCII
// become rare GBK ideographs, others user-defined (private use) characters
// or four-byte sequences. Such text is refused rather than imported as
// gibberish.
func decodeText(data []byte) (string, error) {
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(out) || !plausibleChinese(string(out)) {
		return "", apperr.Invalidf("文件既不是 UTF-8 也不是 GB18030 中文（像是 Windows-1252/Latin-1 等西文编码，按中文读出来是乱码）：请用记事本或 WPS 将文件另存为 UTF-8 编码后重新导入")
	}
	return string(out), nil
}

// plausibleChinese reports whether most non-ASCII characters of text are
// what Chinese text is made of: GB2312's common characters and CJK or
// full-width punctuation. A few rarer characters (a name's 镕) are fine.
func plausibleChinese(text string) bool {
	enc := simplifiedchinese.GBK.NewEncoder()
	common, rare := 0, 0
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf:
			continue
		case r == utf8.RuneError || unicode.Is(unicode.Co, r):
			return false
		case isCJKPunct(r):
			common++
			continue
		}
		b, err := enc.Bytes([]byte(string(r)))
		if err == nil && len(b) == 2 && b[0] >= 0xA1 && b[0] <= 0xF7 && b[1] >= 0xA1 {
			common++ // in GB2312, the set everyday Chinese is written in
		} else {
			rare++ // GBK extension, or a GB18030 four-byte sequence
		}
	}
	return rare*5 <= common
}

func isCJKPunct(r rune) bool {
	return r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF || r >= 0x2010 && r <= 0x2027
}

package media

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"
	"golang.org/x/text/encoding/simplifiedchinese"

	"lms/internal/apperr"
	"lms/internal/db"
)

// Subtitle is one language's subtitles of an asset.
type Subtitle struct {
	AssetID int64  `json:"asset_id" db:"asset_id"`
	Lang    string `json:"lang" db:"lang"`
	Label   string `json:"label" db:"label"`
	Key     string `json:"-" db:"object_key"`
}

// MaxSubtitleSize bounds an uploaded subtitle file.
const MaxSubtitleSize = 2 << 20

var (
	langRe = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$`)
	// cueTime is SRT's hh:mm:ss,mmm or WebVTT's [hh:]mm:ss.mmm: the hours
	// are optional in WebVTT, minutes and seconds always two digits.
	cueTime  = `(?:(\d{1,2}):)?([0-5]\d):([0-5]\d)[,.](\d{1,3})`
	srtTime  = regexp.MustCompile(`^` + cueTime + `\s*-->\s*` + cueTime)
	tagRe    = regexp.MustCompile(`<[^>]*>`)
	langName = map[string]string{"zh": "中文", "zh-CN": "简体中文", "zh-TW": "繁體中文", "en": "English", "bo": "藏文", "ug": "维吾尔文", "mn": "蒙古文"}
)

// cue is one timed caption.
type cue struct {
	start, end string // hh:mm:ss.mmm
	text       string
}

// ToWebVTT reads WebVTT or SRT (UTF-8, or GB18030 as Chinese Windows tools
// save it) and returns WebVTT plus the captions' plain text for search.
func ToWebVTT(data []byte) (vtt, text string, err error) {
	if len(data) == 0 {
		return "", "", apperr.Invalidf("字幕文件为空")
	}
	if len(data) > MaxSubtitleSize {
		return "", "", apperr.Invalidf("字幕文件超过 2 MB")
	}
	s := decodeText(data)
	cues := parseCues(s)
	if len(cues) == 0 {
		return "", "", apperr.Invalidf("无法识别字幕：请上传 WebVTT（.vtt）或 SRT（.srt）格式的字幕文件")
	}
	var b, t strings.Builder
	b.WriteString("WEBVTT\n\n")
	for _, c := range cues {
		b.WriteString(c.start + " --> " + c.end + "\n" + c.text + "\n\n")
		t.WriteString(tagRe.ReplaceAllString(c.text, "") + "\n")
	}
	return b.String(), t.String(), nil
}

func decodeText(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		if d, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data); err == nil {
			data = d
		}
	}
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// parseCues reads the timed blocks of SRT and WebVTT alike: a block is
// kept when one of its lines is a timing line; the lines after it are the
// caption. Numbers, headers, NOTE and STYLE blocks fall away.
func parseCues(s string) []cue {
	var out []cue
	for _, block := range strings.Split(s, "\n\n") {
		lines := strings.Split(strings.Trim(block, "\n"), "\n")
		for i, l := range lines {
			m := srtTime.FindStringSubmatch(strings.TrimSpace(l))
			if m == nil {
				continue
			}
			text := strings.TrimSpace(strings.Join(lines[i+1:], "\n"))
			if text != "" {
				out = append(out, cue{start: stamp(m[1:5]), end: stamp(m[5:9]), text: text})
			}
			break
		}
	}
	return out
}

// stamp writes a cue time in full, hh:mm:ss.mmm, whatever form it came in.
func stamp(p []string) string {
	ms := (p[3] + "00")[:3]
	return pad2(p[0]) + ":" + p[1] + ":" + p[2] + "." + ms
}

func pad2(s string) string {
	return strings.Repeat("0", max(0, 2-len(s))) + s
}

// AttachSubtitle stores subtitles for one language, replacing any before.
func (s *Service) AttachSubtitle(ctx context.Context, assetID int64, lang, label string, data []byte) (*Subtitle, error) {
	if !langRe.MatchString(lang) {
		return nil, apperr.Invalidf("语言代码 %q 无效，例如 zh、en、zh-CN", lang)
	}
	vtt, text, err := ToWebVTT(data)
	if err != nil {
		return nil, err
	}
	if label = cleanText(label, 40); label == "" {
		label = langName[lang]
	}
	if label == "" {
		label = lang
	}
	if _, err := getAsset(ctx, s.db, assetID); err != nil {
		return nil, err
	}
	sub := &Subtitle{AssetID: assetID, Lang: lang, Label: label, Key: subtitleKey(assetID, lang)}
	_, err = s.store.Client.PutObject(ctx, s.store.Bucket, sub.Key, strings.NewReader(vtt), int64(len(vtt)),
		minio.PutObjectOptions{ContentType: "text/vtt; charset=utf-8"})
	if err != nil {
		return nil, storeDown(err)
	}
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := upsertSubtitle(ctx, tx, sub, text); err != nil {
			return err
		}
		return s.changedSubtitles(ctx, tx, assetID)
	})
	return sub, err
}

// Subtitles lists an asset's subtitles.
func (s *Service) Subtitles(ctx context.Context, assetID int64) ([]Subtitle, error) {
	return listSubtitles(ctx, s.db, assetID)
}

// SubtitleKey returns the object of one language's subtitles.
func (s *Service) SubtitleKey(ctx context.Context, assetID int64, lang string) (string, error) {
	if !langRe.MatchString(lang) {
		return "", errNoSuchFile
	}
	return getSubtitleKey(ctx, s.db, assetID, lang)
}

// SubtitleText returns the plain caption text per language, for search.
func (s *Service) SubtitleText(ctx context.Context, assetID int64) (map[string]string, error) {
	return subtitleTexts(ctx, s.db, assetID)
}

// DeleteSubtitle removes one language's subtitles.
func (s *Service) DeleteSubtitle(ctx context.Context, assetID int64, lang string) error {
	key, err := s.SubtitleKey(ctx, assetID, lang)
	if err != nil {
		return err
	}
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := deleteSubtitle(ctx, tx, assetID, lang); err != nil {
			return err
		}
		return s.changedSubtitles(ctx, tx, assetID)
	})
	if err != nil {
		return err
	}
	_ = s.store.Client.RemoveObject(ctx, s.store.Bucket, key, minio.RemoveObjectOptions{})
	return nil
}

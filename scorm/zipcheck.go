package scorm

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
	"strings"

	"lms/internal/apperr"
)

// Limits bound what a package may unpack to: a zip bomb is refused from
// its directory before a byte is inflated, and again while inflating in
// case the directory lies about sizes.
type Limits struct {
	ZipSize      int64 // the uploaded file
	UnpackedSize int64 // all files inflated
	Files        int
	FileSize     int64 // one inflated file
}

// DefaultLimits fit real courseware with video clips inside; the zip's
// limit stays under the web server's 210 MB upload body.
var DefaultLimits = Limits{ZipSize: 200 << 20, UnpackedSize: 1 << 30, Files: 5000, FileSize: 500 << 20}

// Package is a checked zip: its manifest and its files by path.
type Package struct {
	Manifest *Manifest
	Files    []*zip.File
	Size     int64 // inflated
}

// Check opens a zip and refuses whatever is not a SCORM package the
// platform can safely serve.
func Check(r io.ReaderAt, size int64, lim Limits) (*Package, error) {
	if size > lim.ZipSize {
		return nil, apperr.Invalidf("课件包超过 %d MB 的上限", lim.ZipSize>>20)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, apperr.Invalidf("上传的文件不是有效的 zip 压缩包")
	}
	p := &Package{}
	byName, err := p.entries(zr, lim)
	if err != nil {
		return nil, err
	}
	mf, ok := byName["imsmanifest.xml"]
	if !ok {
		return nil, apperr.Invalidf("压缩包根目录没有 imsmanifest.xml，不是 SCORM 课件包")
	}
	data, err := readLimited(mf, lim.FileSize)
	if err != nil {
		return nil, err
	}
	if p.Manifest, err = ParseManifest(data); err != nil {
		return nil, err
	}
	return p, missingFiles(p.Manifest, byName)
}

// entries checks every entry's name, type and declared size.
func (p *Package) entries(zr *zip.Reader, lim Limits) (map[string]*zip.File, error) {
	byName := map[string]*zip.File{}
	var total uint64
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		if err := checkEntry(f); err != nil {
			return nil, err
		}
		if len(byName) >= lim.Files {
			return nil, apperr.Invalidf("课件包的文件超过 %d 个", lim.Files)
		}
		total += f.UncompressedSize64
		if f.UncompressedSize64 > uint64(lim.FileSize) || total > uint64(lim.UnpackedSize) {
			return nil, apperr.Invalidf("课件包解压后超过 %d MB 的上限", lim.UnpackedSize>>20)
		}
		name := path.Clean(f.Name)
		if byName[name] != nil {
			return nil, apperr.Invalidf("课件包中“%s”出现了两次", name)
		}
		byName[name] = f
		p.Files = append(p.Files, f)
	}
	p.Size = int64(total)
	return byName, nil
}

// checkEntry refuses paths that leave the package and entries that are
// not plain files.
func checkEntry(f *zip.File) error {
	n := f.Name
	switch {
	case strings.Contains(n, "\\") || strings.HasPrefix(n, "/") || (len(n) > 1 && n[1] == ':'):
		return apperr.Invalidf("课件包中的路径“%s”是绝对路径，不能接受", n)
	case n != path.Clean(n) && path.Clean(n)+"/" != n || strings.HasPrefix(n, "../") || n == "..":
		return apperr.Invalidf("课件包中的路径“%s”含有 ..，不能接受", n)
	case f.Mode()&^0o777 != 0:
		return apperr.Invalidf("课件包中的“%s”不是普通文件（如符号链接），不能接受", n)
	}
	return nil
}

func missingFiles(m *Manifest, byName map[string]*zip.File) error {
	var missing []string
	for _, f := range m.Files {
		if byName[path.Clean(f)] == nil {
			missing = append(missing, f)
		}
	}
	for _, it := range m.Items {
		if p, _, _ := strings.Cut(it.Href, "?"); p != "" && byName[path.Clean(p)] == nil && !isURL(p) {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if len(missing) > 5 {
		missing = append(missing[:5], "…")
	}
	return apperr.Invalidf("imsmanifest.xml 引用的文件在压缩包中不存在：%s", strings.Join(missing, "、"))
}

// readLimited inflates one entry, refusing more than max bytes whatever
// its header claims.
func readLimited(f *zip.File, max int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, apperr.Invalidf("无法读取课件包中的“%s”", f.Name)
	}
	defer rc.Close()
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(rc, max+1))
	if err != nil {
		return nil, apperr.Invalidf("课件包中的“%s”已损坏", f.Name)
	}
	if n > max {
		return nil, apperr.Invalidf("课件包中的“%s”解压后超过上限", f.Name)
	}
	return buf.Bytes(), nil
}

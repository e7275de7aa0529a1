package media

import (
	"context"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
	"lms/internal/db"
)

// PartSize is the size of every part but the last of a browser upload.
// 16 MiB keeps a lost part cheap to resend on a slow office line and a
// 4 GB file at 256 parts (S3 allows 10 000).
const PartSize = 16 << 20

// Upload is a browser upload in progress. The browser sends the file as
// S3 multipart parts, each to a part URL the server hands out; see
// PartURL for why.
type Upload struct {
	ID        int64     `json:"id" db:"id"`
	AssetID   int64     `json:"asset_id" db:"asset_id"`
	OwnerID   int64     `json:"owner_id" db:"owner_id"`
	Title     string    `json:"title" db:"title"`
	Filename  string    `json:"filename" db:"filename"`
	Size      int64     `json:"size" db:"size"`
	PartSize  int64     `json:"part_size" db:"part_size"`
	S3Upload  string    `json:"-" db:"s3_upload_id"`
	CreatedAt time.Time `json:"created_at" db:"created_at"`
}

// Parts is how many parts the file is cut into.
func (u *Upload) Parts() int { return int((u.Size + u.PartSize - 1) / u.PartSize) }

// PartLen is the exact size of part n (1-based).
func (u *Upload) PartLen(n int) int64 {
	if n == u.Parts() {
		return u.Size - int64(n-1)*u.PartSize
	}
	return u.PartSize
}

// NewUpload is what a trainer's browser declares before sending a file.
type NewUpload struct {
	Title    string `json:"title"`
	Filename string `json:"filename"`
	Size     int64  `json:"size"`
}

func (s *Service) checkNew(in *NewUpload) error {
	in.Filename = cleanText(in.Filename, 255)
	in.Title = cleanText(in.Title, 200)
	if in.Title == "" {
		in.Title = titleFromFilename(in.Filename)
	}
	switch {
	case in.Size <= 0:
		return apperr.Invalidf("文件为空（0 字节），请选择录制好的音视频文件")
	case in.Size > s.Limits.MaxSize:
		return apperr.Invalidf("文件大小 %s 超过上限 %s", humanSize(in.Size), humanSize(s.Limits.MaxSize))
	}
	return nil
}

// StartUpload opens an S3 multipart upload for the owner's file.
func (s *Service) StartUpload(ctx context.Context, ownerID int64, in NewUpload) (*Upload, error) {
	if err := s.checkNew(&in); err != nil {
		return nil, err
	}
	id, err := reserveAssetID(ctx, s.db)
	if err != nil {
		return nil, err
	}
	core := minio.Core{Client: s.store.Client}
	s3id, err := core.NewMultipartUpload(ctx, s.store.Bucket, sourceKey(id), minio.PutObjectOptions{})
	if err != nil {
		return nil, storeDown(err)
	}
	u := &Upload{AssetID: id, OwnerID: ownerID, Title: in.Title, Filename: in.Filename, Size: in.Size,
		PartSize: PartSize, S3Upload: s3id}
	return u, insertUpload(ctx, s.db, u)
}

// Upload returns an upload of the owner (NotFound for anyone else).
func (s *Service) Upload(ctx context.Context, ownerID, id int64) (*Upload, error) {
	return getUpload(ctx, s.db, ownerID, id)
}

// Uploads lists the owner's unfinished uploads, to resume them.
func (s *Service) Uploads(ctx context.Context, ownerID int64) ([]Upload, error) {
	return listUploads(ctx, s.db, ownerID)
}

// DoneParts lists the part numbers the object store already holds, the
// truth a resumed upload starts from.
func (s *Service) DoneParts(ctx context.Context, u *Upload) ([]int, error) {
	parts, err := s.listParts(ctx, u)
	if err != nil {
		return nil, err
	}
	var done []int
	for _, p := range parts {
		if p.Size == u.PartLen(p.PartNumber) {
			done = append(done, p.PartNumber)
		}
	}
	return done, nil
}

func (s *Service) listParts(ctx context.Context, u *Upload) ([]minio.ObjectPart, error) {
	core := minio.Core{Client: s.store.Client}
	var all []minio.ObjectPart
	marker := 0
	for {
		res, err := core.ListObjectParts(ctx, s.store.Bucket, sourceKey(u.AssetID), u.S3Upload, marker, 1000)
		if err != nil {
			if minio.ToErrorResponse(err).Code == "NoSuchUpload" {
				return nil, apperr.NotFoundf("上传已过期或已取消，请重新上传")
			}
			return nil, storeDown(err)
		}
		all = append(all, res.ObjectParts...)
		if !res.IsTruncated {
			return all, nil
		}
		marker = res.NextPartNumberMarker
	}
}

func (u *Upload) checkPart(n int) error {
	if n < 1 || n > u.Parts() {
		return apperr.Invalidf("分片编号 %d 无效（共 %d 片）", n, u.Parts())
	}
	return nil
}

// PartURL is where the browser PUTs part n, valid for an hour: with
// direct set, a presigned URL of the object store itself, so a 2 GB
// lecture never passes through the app servers; otherwise empty, and the
// browser sends the part to the app (PutPart), for deployments where the
// object store is private. Either way the parts are S3 multipart parts:
// the object store, not our database, remembers what has arrived, which is
// what makes resuming after a closed tab exact. We chose this over tus
// because it needs no second protocol, no server-side part buffering
// (tusd's S3 store buffers parts on local disk) and no extra state.
func (s *Service) PartURL(ctx context.Context, u *Upload, n int, direct bool) (string, error) {
	if err := u.checkPart(n); err != nil || !direct {
		return "", err
	}
	q := url.Values{"partNumber": {strconv.Itoa(n)}, "uploadId": {u.S3Upload}}
	link, err := s.store.Client.Presign(ctx, "PUT", s.store.Bucket, sourceKey(u.AssetID), time.Hour, q)
	if err != nil {
		return "", storeDown(err)
	}
	return link.String(), nil
}

// PutPart streams part n from r (exactly PartLen bytes) into the object
// store without keeping it in memory or on disk.
func (s *Service) PutPart(ctx context.Context, u *Upload, n int, r io.Reader, size int64) error {
	if err := u.checkPart(n); err != nil {
		return err
	}
	if size != u.PartLen(n) {
		return apperr.Invalidf("第 %d 片应为 %d 字节，收到 %d 字节", n, u.PartLen(n), size)
	}
	core := minio.Core{Client: s.store.Client}
	_, err := core.PutObjectPart(ctx, s.store.Bucket, sourceKey(u.AssetID), u.S3Upload, n, r, size, minio.PutObjectPartOptions{})
	if err != nil {
		if minio.ToErrorResponse(err).Code == "NoSuchUpload" {
			return apperr.NotFoundf("上传已过期或已取消，请重新上传")
		}
		return storeDown(err)
	}
	return nil
}

// CompleteUpload joins the parts once all are there, then creates the
// asset and its transcode job in one transaction.
func (s *Service) CompleteUpload(ctx context.Context, u *Upload) (*Asset, error) {
	parts, err := s.listParts(ctx, u)
	if err != nil {
		return nil, err
	}
	done := map[int]minio.ObjectPart{}
	for _, p := range parts {
		if p.Size == u.PartLen(p.PartNumber) {
			done[p.PartNumber] = p
		}
	}
	var complete []minio.CompletePart
	for n := 1; n <= u.Parts(); n++ {
		p, ok := done[n]
		if !ok {
			return nil, apperr.Conflictf("还有分片未上传完成（第 %d 片），请继续上传", n)
		}
		complete = append(complete, minio.CompletePart{PartNumber: n, ETag: p.ETag})
	}
	core := minio.Core{Client: s.store.Client}
	if _, err := core.CompleteMultipartUpload(ctx, s.store.Bucket, sourceKey(u.AssetID), u.S3Upload, complete, minio.PutObjectOptions{}); err != nil {
		return nil, storeDown(err)
	}
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := deleteUpload(ctx, tx, u.ID); err != nil {
			return err
		}
		return s.createAsset(ctx, tx, u.AssetID, u.OwnerID, u.Title, u.Filename, u.Size)
	})
	if err != nil {
		return nil, err
	}
	return getAsset(ctx, s.db, u.AssetID)
}

func (s *Service) createAsset(ctx context.Context, tx pgx.Tx, id, owner int64, title, filename string, size int64) error {
	if err := insertAsset(ctx, tx, id, owner, title, filename, size); err != nil {
		return err
	}
	return s.enqueueTranscode(ctx, tx, id)
}

// AbortUpload cancels an upload and frees its parts.
func (s *Service) AbortUpload(ctx context.Context, u *Upload) error {
	core := minio.Core{Client: s.store.Client}
	err := core.AbortMultipartUpload(ctx, s.store.Bucket, sourceKey(u.AssetID), u.S3Upload)
	if err != nil && minio.ToErrorResponse(err).Code != "NoSuchUpload" {
		return storeDown(err)
	}
	return deleteUpload(ctx, s.db, u.ID)
}

// cleanText trims, drops control characters and caps the length.
func cleanText(v string, maxRunes int) string {
	v = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, strings.TrimSpace(v))
	if !utf8.ValidString(v) {
		v = strings.ToValidUTF8(v, "")
	}
	if r := []rune(v); len(r) > maxRunes {
		v = string(r[:maxRunes])
	}
	return v
}

func titleFromFilename(name string) string {
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	if name == "" {
		return "未命名视频"
	}
	return name
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64) + " GB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	}
	return strconv.FormatInt(n, 10) + " 字节"
}

// storeDown reports the object store as unavailable: a fault for the user
// to retry, not their mistake.
func storeDown(err error) error {
	return &transient{err}
}

type transient struct{ error }

func (t *transient) Unwrap() error { return t.error }

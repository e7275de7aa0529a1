package training

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"path"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// Evidence is one file a claimant uploads.
type Evidence struct {
	Filename    string
	ContentType string
	Size        int64
	Body        io.Reader
}

// MaxEvidence bounds the files of one claim.
const MaxEvidence = 10

// SubmitClaim files a claim with its evidence for the committee of the
// claimant's unit. A claim without evidence, or over its rule's cap, is
// refused before anything is stored.
func (s *Service) SubmitClaim(ctx context.Context, a *org.Actor, in ClaimInput, files []Evidence) (*Claim, error) {
	if a.System || a.UnitPath == "" {
		return nil, apperr.Forbiddenf("只有本人可以申报学时")
	}
	cl, err := s.checkClaim(ctx, &in)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, apperr.Invalidf("请上传证明材料（通知、签到表、结业证明等）")
	}
	if len(files) > MaxEvidence {
		return nil, apperr.Invalidf("证明材料最多 %d 个文件", MaxEvidence)
	}
	cl.UserID, cl.UnitPath, cl.State = a.UserID, a.UnitPath, "pending"
	if cl.Files, err = s.storeEvidence(ctx, files); err != nil {
		return nil, err
	}
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error { return insertClaim(ctx, tx, cl) })
	if err != nil {
		s.dropEvidence(cl.Files)
		return nil, err
	}
	return cl, nil
}

func (s *Service) storeEvidence(ctx context.Context, files []Evidence) ([]ClaimFile, error) {
	if s.Store == nil {
		return nil, apperr.New(apperr.Unavailable, "unavailable", "文件存储不可用，请稍后再试")
	}
	var out []ClaimFile
	for _, f := range files {
		name, err := cleanText("文件名", path.Base(f.Filename), 200, true)
		if err != nil || f.Size <= 0 {
			s.dropEvidence(out)
			return nil, apperr.Invalidf("证明材料文件无效或为空")
		}
		key := "claims/" + randomHex(16) + path.Ext(name)
		if _, err := s.Store.Client.PutObject(ctx, s.Store.Bucket, key, f.Body, f.Size,
			minio.PutObjectOptions{ContentType: f.ContentType}); err != nil {
			s.dropEvidence(out)
			return nil, err
		}
		out = append(out, ClaimFile{ObjectKey: key, Filename: name, Size: f.Size})
	}
	return out, nil
}

// dropEvidence removes files of a claim that was not stored; a failure
// leaves an unreferenced object, never a claim without its files.
func (s *Service) dropEvidence(files []ClaimFile) {
	for _, f := range files {
		_ = s.Store.Client.RemoveObject(context.Background(), s.Store.Bucket, f.ObjectKey, minio.RemoveObjectOptions{})
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// MyClaims lists the signed-in person's claims.
func (s *Service) MyClaims(ctx context.Context, a *org.Actor) ([]Claim, error) {
	return listClaims(ctx, s.db, a.UserID, nil)
}

// PendingClaims lists the claims waiting for the actor's decision: those
// of the subtrees they are committee or admin of, but not their own.
func (s *Service) PendingClaims(ctx context.Context, a *org.Actor) ([]Claim, error) {
	scopes := a.ScopePaths(org.RoleCommittee, org.RoleAdmin)
	if len(scopes) == 0 {
		return nil, nil
	}
	list, err := listClaims(ctx, s.db, 0, scopes)
	var out []Claim
	for _, c := range list {
		if c.UserID != a.UserID {
			out = append(out, c)
		}
	}
	if err == nil {
		err = s.nameClaims(ctx, out)
	}
	return out, err
}

func (s *Service) nameClaims(ctx context.Context, list []Claim) error {
	ids := make([]int64, len(list))
	for i, c := range list {
		ids[i] = c.UserID
	}
	names, err := s.People.Names(ctx, ids)
	for i := range list {
		list[i].Name = names[list[i].UserID]
	}
	return err
}

// Evidence opens one evidence file for the claimant or a decider.
func (s *Service) Evidence(ctx context.Context, a *org.Actor, claimID int64, n int) (io.ReadCloser, *ClaimFile, error) {
	cl, err := getClaim(ctx, s.db, claimID)
	if err != nil {
		return nil, nil, err
	}
	if cl.UserID != a.UserID && !s.decidesClaim(a, cl) {
		return nil, nil, apperr.NotFoundf("学时申报不存在")
	}
	if n < 0 || n >= len(cl.Files) {
		return nil, nil, apperr.NotFoundf("文件不存在")
	}
	f := cl.Files[n]
	obj, err := s.Store.Client.GetObject(ctx, s.Store.Bucket, f.ObjectKey, minio.GetObjectOptions{})
	return obj, &f, err
}

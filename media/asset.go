package media

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"lms/internal/apperr"
	"lms/internal/db"
)

// States of an asset, in order.
const (
	StateUploaded    = "uploaded"
	StateProbing     = "probing"
	StateTranscoding = "transcoding"
	StateReady       = "ready"
	StateFailed      = "failed"
)

// Asset is one lecture as the library shows it.
type Asset struct {
	ID           int64      `json:"id" db:"id"`
	OwnerID      int64      `json:"owner_id" db:"owner_id"`
	Title        string     `json:"title" db:"title"`
	Filename     string     `json:"filename" db:"filename"`
	State        string     `json:"state" db:"state"`
	Progress     float64    `json:"progress" db:"progress"`
	Error        string     `json:"error,omitempty" db:"error"`
	Retryable    bool       `json:"retryable" db:"retryable"` // failed, and a retry can succeed
	SourceSize   int64      `json:"source_size" db:"source_size"`
	Duration     float64    `json:"duration" db:"duration"`
	Width        int        `json:"width" db:"width"`
	Height       int        `json:"height" db:"height"`
	HasVideo     bool       `json:"has_video" db:"has_video"`
	HasAudio     bool       `json:"has_audio" db:"has_audio"`
	OutputPrefix string     `json:"-" db:"output_prefix"`
	OutputSize   int64      `json:"output_size" db:"output_size"`
	Renditions   []Rung     `json:"renditions" db:"renditions"`
	CreatedAt    time.Time  `json:"created_at" db:"created_at"`
	ReadyAt      *time.Time `json:"ready_at,omitempty" db:"ready_at"`
}

// Info is what the courses feature needs to know of an asset.
type Info struct {
	ID       int64
	OwnerID  int64
	Title    string
	State    string
	Duration float64
	Width    int
	Height   int
}

// AssetInfo describes an asset for the courses feature; NotFound when it
// does not exist.
func (s *Service) AssetInfo(ctx context.Context, id int64) (Info, error) {
	a, err := getAsset(ctx, s.db, id)
	if err != nil {
		return Info{}, err
	}
	return Info{ID: a.ID, OwnerID: a.OwnerID, Title: a.Title, State: a.State,
		Duration: a.Duration, Width: a.Width, Height: a.Height}, nil
}

// Asset returns one asset; the caller has checked the asker may see it.
func (s *Service) Asset(ctx context.Context, id int64) (*Asset, error) {
	return getAsset(ctx, s.db, id)
}

// ListFilter narrows the library: one owner's assets, or all (OwnerID 0).
type ListFilter struct {
	OwnerID int64
	Page    int
	PerPage int
}

// List returns a page of assets, newest first, and whether more follow.
func (s *Service) List(ctx context.Context, f ListFilter) ([]Asset, bool, error) {
	if f.PerPage <= 0 || f.PerPage > 100 {
		f.PerPage = 30
	}
	f.Page = max(f.Page, 1)
	list, err := listAssets(ctx, s.db, f.OwnerID, f.PerPage+1, (f.Page-1)*f.PerPage)
	if err != nil {
		return nil, false, err
	}
	more := len(list) > f.PerPage
	return list[:min(len(list), f.PerPage)], more, nil
}

// CanPlay: the owner and privileged users (admins over the owner, decided
// by the web layer) always; anyone else only when the Viewer says so.
func (s *Service) CanPlay(ctx context.Context, userID int64, a *Asset, privileged bool) (bool, error) {
	if a.OwnerID == userID || privileged {
		return true, nil
	}
	if s.Viewer == nil {
		return false, nil
	}
	return s.Viewer.CanViewAsset(ctx, userID, a.ID)
}

// Retry starts a failed asset over from the probe, when the failure was a
// fault a new run can get past; a refused file stays refused.
func (s *Service) Retry(ctx context.Context, id int64) error {
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		a, err := getAssetForUpdate(ctx, tx, id)
		if err != nil {
			return err
		}
		if a.State != StateFailed {
			return apperr.Conflictf("只有处理失败的视频可以重试（当前状态：%s）", StateLabel(a.State))
		}
		if !a.Retryable {
			return apperr.Conflictf("这个文件本身无法处理，重试也不会成功（%s）。请删除后上传正确的文件", a.Error)
		}
		if err := setState(ctx, tx, id, StateUploaded, ""); err != nil {
			return err
		}
		return s.enqueueTranscode(ctx, tx, id)
	})
}

// Rename gives an asset a new title, the name every list and picker shows.
func (s *Service) Rename(ctx context.Context, id int64, title string) (*Asset, error) {
	if title = cleanText(title, 200); title == "" {
		return nil, apperr.Invalidf("请填写视频标题")
	}
	if err := renameAsset(ctx, s.db, id, title); err != nil {
		return nil, err
	}
	return getAsset(ctx, s.db, id)
}

// Delete removes an asset; a job deletes its objects in the same
// transaction, so an outage of the object store cannot leave them behind.
func (s *Service) Delete(ctx context.Context, id int64) error {
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := deleteAsset(ctx, tx, id); err != nil {
			return err
		}
		if _, err := s.Jobs.InsertTx(ctx, tx, PurgeArgs{AssetID: id}, nil); err != nil {
			return err
		}
		return s.changedSubtitles(ctx, tx, id)
	})
}

// StateLabel is the Chinese name of a state, for messages.
func StateLabel(state string) string {
	return map[string]string{StateUploaded: "等待处理", StateProbing: "检查文件", StateTranscoding: "转码中",
		StateReady: "可播放", StateFailed: "处理失败"}[state]
}

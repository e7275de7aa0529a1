// Package notice is 通知公告: committees and admins publish notices to
// their subtree (or chosen units and roles in it), with attachments, 置顶,
// an expiry and 必读; readers' opening is recorded once, and the publisher
// of a 必读 notice sees who has read it and reminds those who have not.
//
// The package knows no accounts or roles beyond what a Viewer says; the
// web layer describes the asker, and policy.go decides.
package notice

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"lms/internal/calendar"
	"lms/internal/db"
	"lms/internal/objstore"
)

// States of a notice.
const (
	Draft     = "draft"
	Published = "published"
	Withdrawn = "withdrawn"
)

// Notice is one notice as stored.
type Notice struct {
	ID          int64      `json:"id"`
	Title       string     `json:"title"`
	BodyHTML    string     `json:"body_html"`
	ScopePath   string     `json:"-"`
	UnitIDs     []int64    `json:"unit_ids"`
	ScopeUnitID int64      `json:"unit_id"`
	ScopeName   string     `json:"unit_name"`
	UnitPaths   []string   `json:"-"`
	Roles       []string   `json:"roles"`
	Pinned      bool       `json:"pinned"`
	MustRead    bool       `json:"must_read"`
	ExpiresAt   *time.Time `json:"expires_at"`
	State       string     `json:"state"`
	CreatedBy   int64      `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
	PublishedAt *time.Time `json:"published_at"`
	WithdrawnAt *time.Time `json:"withdrawn_at"`
}

// Item is a notice in a reader's list.
type Item struct {
	ID          int64      `json:"id"`
	Title       string     `json:"title"`
	ScopeName   string     `json:"unit_name"`
	Pinned      bool       `json:"pinned"`
	MustRead    bool       `json:"must_read"`
	State       string     `json:"state"`
	PublishedAt *time.Time `json:"published_at"`
	ExpiresAt   *time.Time `json:"expires_at"`
	Read        bool       `json:"read"`
}

// Attachment is a file of a notice, kept in the object store.
type Attachment struct {
	ID        int64     `json:"id"`
	NoticeID  int64     `json:"notice_id"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	ObjectKey string    `json:"-"`
	Size      int64     `json:"size"`
	CreatedAt time.Time `json:"created_at"`
}

// View is a notice as one viewer sees it.
type View struct {
	Notice
	Units       []Unit       `json:"units"` // the chosen units; none: the whole subtree
	Attachments []Attachment `json:"attachments"`
	Read        bool         `json:"read"`   // the viewer has read it
	Reader      bool         `json:"reader"` // the viewer is in its audience
	Manage      bool         `json:"manage"` // the viewer may change it and see its readers
}

// Unit is a unit of the organisation as notices name it.
type Unit struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Path string `json:"-"`
}

// Notifier puts reminders under the bell (and so into email). The course
// feature implements it; without one, reminders are recorded but not sent.
type Notifier interface {
	Notify(ctx context.Context, userIDs []int64, kind string, refID int64, title, link string) (int64, error)
}

// Service is the notice domain.
type Service struct {
	db    db.DBTX
	Store *objstore.Store
	// Jobs inserts the reminder job in the reminder's transaction; nil
	// sends the reminder right after the commit instead.
	Jobs     *river.Client[pgx.Tx]
	Notifier Notifier
	// OnChange, when set, is called in the transaction of every change a
	// reader could see (published, withdrawn), so the search index follows.
	OnChange func(ctx context.Context, tx pgx.Tx, id int64) error
	now      func() time.Time
}

// NewService returns a Service over a pool.
func NewService(pool db.DBTX) *Service { return &Service{db: pool, now: time.Now} }

// China is the time zone dates are shown and compared in.
var China = calendar.Zone

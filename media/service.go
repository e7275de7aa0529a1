// Package media holds video and audio lectures: resumable uploads into the
// object store, ffprobe validation, one-process ffmpeg transcoding into an
// HLS ladder (River jobs), and the lookups that protected playback needs.
//
// It imports only internal/: the web layer checks who asks and passes plain
// user IDs; the courses feature is asked through the Viewer interface.
package media

import (
	"context"
	"log/slog"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"lms/internal/objstore"
)

// JobInserter is the part of the River client the service needs: jobs are
// inserted in the transaction of the change that causes them.
type JobInserter interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// Viewer says whether a user other than the owner may play an asset (the
// courses feature: enrolled in a course with a lesson using it).
type Viewer interface {
	CanViewAsset(ctx context.Context, userID, assetID int64) (bool, error)
}

// Service is the media domain.
type Service struct {
	db    *pgxpool.Pool
	store *objstore.Store
	// Jobs is set once the River client exists (internal/app wires it).
	Jobs JobInserter
	// Viewer, when set, lets other users than the owner and admins play.
	Viewer Viewer
	// OnSubtitles, when set, is called in the transaction of every change
	// to an asset's subtitles (and of its deletion) so the search index
	// follows.
	OnSubtitles func(ctx context.Context, tx pgx.Tx, assetID int64) error
	Limits      Limits
	// Delivery is DeliveryProxy (default) or DeliveryRedirect.
	Delivery string
	// ProbeTimeout bounds ffprobe; TranscodeTimeout gives ffmpeg's limit for
	// a source of the given duration. Both kill the process when passed.
	ProbeTimeout     time.Duration
	TranscodeTimeout func(duration float64) time.Duration
	// WorkDir is where private copies and outputs are made (os.TempDir()).
	WorkDir string
	Log     *slog.Logger
	now     func() time.Time
}

// NewService returns a Service over a pool and the object store.
func NewService(pool *pgxpool.Pool, store *objstore.Store) *Service {
	return &Service{db: pool, store: store, Limits: DefaultLimits, Delivery: DeliveryProxy, ProbeTimeout: time.Minute,
		TranscodeTimeout: defaultTranscodeTimeout, WorkDir: os.TempDir(), Log: slog.Default(), now: time.Now}
}

// defaultTranscodeTimeout allows three times the lecture's length plus ten
// minutes: far above veryfast's pace on two cores (about 0.6×), low enough
// that a stuck ffmpeg is killed the same day.
func defaultTranscodeTimeout(duration float64) time.Duration {
	return 10*time.Minute + time.Duration(3*duration*float64(time.Second))
}

// key names every object of an asset under its own prefix.
func sourceKey(id int64) string                { return prefix(id) + "source" }
func prefix(id int64) string                   { return "media/" + itoa64(id) + "/" }
func subtitleKey(id int64, lang string) string { return prefix(id) + "subs/" + lang + ".vtt" }

// Delivery modes of segments (LMS_MEDIA_DELIVERY).
const (
	DeliveryProxy    = "proxy"    // the app streams every object from the store
	DeliveryRedirect = "redirect" // the app answers segments with a 2-minute presigned URL
)

package app

import (
	"log/slog"
	"path/filepath"
	"time"

	"lms/course"
	"lms/internal/objstore"
	"lms/media"
	"lms/search"
)

// Config is what the program is built from; cmd/lms reads it from the
// LMS_* variables.
type Config struct {
	DatabaseURL string
	S3          objstore.Config
	// MeiliURL selects Meilisearch; empty uses the embedded index under
	// DataDir/search, which one process holds at a time.
	MeiliURL, MeiliKey string
	DataDir            string
	// NoIndex leaves the search index closed, for commands that change
	// content but never search (seed): their changes still enqueue the
	// indexing jobs, which a serving process runs. Searching such a
	// program fails.
	NoIndex bool
	// SessionIdle and SessionMax bound a browser session (zero: org's defaults).
	SessionIdle, SessionMax time.Duration
	Media                   media.Settings
	Mail                    course.MailSettings
	// Workers is how many jobs this process runs at once; 0 only inserts
	// jobs, for web servers that leave the work to `lms worker` machines.
	Workers int
	// JobPoll is how often workers look for new jobs (0: River's default);
	// tests poll often so a job runs at once.
	JobPoll time.Duration
	// WorkDir is where media makes its private copies (empty: the system's).
	WorkDir string
	// SecretKey signs and seals what must not be readable without it
	// (feedback keeps anonymous authors apart from their messages under it).
	SecretKey []byte
	// BaseURL is the platform's public address, for links that leave it
	// (a certificate's QR code).
	BaseURL string
	Log     *slog.Logger
}

// OpenIndex opens the search backend the configuration names.
func OpenIndex(cfg Config) (search.Index, error) {
	if cfg.MeiliURL != "" {
		return search.OpenMeili(cfg.MeiliURL, cfg.MeiliKey, search.DefaultMeiliIndex), nil
	}
	return search.OpenBleve(filepath.Join(cfg.DataDir, "search"))
}

package media

import "lms/internal/ready"

// Ready reports the first collaborator the program forgot to give the
// service, so it stops at start instead of running without it.
func (s *Service) Ready() error {
	return ready.Check("media",
		ready.Need{Name: "Jobs", Does: "uploads would never be transcoded", Missing: s.Jobs == nil},
		ready.Need{Name: "Viewer", Does: "enrolled learners could not play lectures", Missing: s.Viewer == nil},
		ready.Need{Name: "OnSubtitles", Does: "subtitles would not reach the search index", Missing: s.OnSubtitles == nil},
		ready.Need{Name: "store", Does: "files cannot be stored", Missing: s.store == nil})
}

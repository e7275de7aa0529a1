package media

import "fmt"

// Ready reports the first collaborator the program forgot to give the
// service, so it stops at start instead of running without it.
func (s *Service) Ready() error {
	for _, c := range []struct {
		name, does string
		missing    bool
	}{
		{"Jobs", "uploads would never be transcoded", s.Jobs == nil},
		{"Viewer", "enrolled learners could not play lectures", s.Viewer == nil},
		{"OnSubtitles", "subtitles would not reach the search index", s.OnSubtitles == nil},
		{"store", "files cannot be stored", s.store == nil},
	} {
		if c.missing {
			return fmt.Errorf("media: %s is not wired: %s", c.name, c.does)
		}
	}
	return nil
}

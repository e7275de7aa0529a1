package course

import "fmt"

// Ready reports the first collaborator the program forgot to give the
// service, so it stops at start instead of skipping what that collaborator
// does (a lecture's length, a required quiz, indexing, reminders).
func (s *Service) Ready() error {
	for _, c := range []struct {
		name, does string
		missing    bool
	}{
		{"Media", "video lessons cannot learn their length or what was played", s.Media == nil},
		{"Quiz", "required quizzes would be skipped at completion", s.Quiz == nil},
		{"Jobs", "reminders and indexing would not be enqueued", s.Jobs == nil},
		{"Store", "covers and documents cannot be stored", s.Store == nil},
		{"OnChange", "the search index would not follow changes", s.OnChange == nil},
	} {
		if c.missing {
			return fmt.Errorf("course: %s is not wired: %s", c.name, c.does)
		}
	}
	return nil
}

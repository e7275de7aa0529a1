package course

import "lms/internal/ready"

// Ready reports the first collaborator the program forgot to give the
// service, so it stops at start instead of skipping what that collaborator
// does (a lecture's length, a required quiz, indexing, reminders).
func (s *Service) Ready() error {
	return ready.Check("course",
		ready.Need{Name: "Media", Does: "video lessons cannot learn their length or what was played", Missing: s.Media == nil},
		ready.Need{Name: "Quiz", Does: "required quizzes would be skipped at completion", Missing: s.Quiz == nil},
		ready.Need{Name: "Jobs", Does: "reminders and indexing would not be enqueued", Missing: s.Jobs == nil},
		ready.Need{Name: "Store", Does: "covers and documents cannot be stored", Missing: s.Store == nil},
		ready.Need{Name: "Scorm", Does: "SCORM lessons would never complete", Missing: s.Scorm == nil},
		ready.Need{Name: "OnChange", Does: "the search index would not follow changes", Missing: s.OnChange == nil})
}

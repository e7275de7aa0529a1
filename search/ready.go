package search

import "lms/internal/ready"

// Ready reports what the program forgot to give the service: without the
// access rules every viewer would see only open docs; without a job client
// no change would be indexed; without sources nothing at all.
func (s *Service) Ready() error {
	return ready.Check("search",
		ready.Need{Name: "Access", Does: "who may find what is unknown (SetAccess)", Missing: s.access == nil},
		ready.Need{Name: "Jobs", Does: "changes would not be indexed (SetJobs)", Missing: s.jobs == nil},
		ready.Need{Name: "Source", Does: "nothing would be indexed (Register)", Missing: len(s.sources) == 0})
}

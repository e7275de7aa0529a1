package search

import "errors"

// Ready reports what the program forgot to give the service: without the
// access rules every viewer would see only open docs; without a job client
// no change would be indexed; without sources nothing at all.
func (s *Service) Ready() error {
	switch {
	case s.access == nil:
		return errors.New("search: Access is not wired (SetAccess): who may find what is unknown")
	case s.jobs == nil:
		return errors.New("search: Jobs is not wired (SetJobs): changes would not be indexed")
	case len(s.sources) == 0:
		return errors.New("search: no Source registered: nothing would be indexed")
	}
	return nil
}

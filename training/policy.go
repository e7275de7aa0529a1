package training

import "lms/org"

// This file is the one place that says who may see or change a class, its
// roster, check-in and results, and who decides a claim for offline hours.
//
// A class belongs to the subtree it is run for: committees and admins over
// that unit manage it, and so do its head teachers (班主任). Members see
// the class and their own standing; anyone of the subtree sees a class
// that takes applications. Claims go to the committees and admins over the
// claimant's unit, never to the claimant; admins edit the caps.

// manages reports whether a may run the class (roster, schedule, close).
func (s *Service) manages(a *org.Actor, c *Class) bool {
	return s.managesUnit(a, c.UnitPath) || c.isTeacher(a.UserID)
}

// managesUnit: committees and admins over the subtree.
func (s *Service) managesUnit(a *org.Actor, path string) bool {
	return s.Policy.CanViewUnit(a, path)
}

// sees reports whether a may see the class at all.
func (s *Service) sees(a *org.Actor, c *Class, member bool) bool {
	return member || s.manages(a, c) || c.OpenApply && a.UnitPath != "" && org.Within(a.UnitPath, c.UnitPath)
}

// mayApply: people of the subtree, while the class takes applications.
func (s *Service) mayApply(a *org.Actor, c *Class) bool {
	return !a.System && c.OpenApply && c.State == StateOpen && org.Within(a.UnitPath, c.UnitPath)
}

// decidesClaim: the committee of the claimant's unit, never oneself.
func (s *Service) decidesClaim(a *org.Actor, cl *Claim) bool {
	return a.UserID != cl.UserID && s.Policy.CanViewUnit(a, cl.UnitPath)
}

// editsRules: admins set the caps on offline hours.
func (s *Service) editsRules(a *org.Actor) bool {
	return a.System || a.Has(org.RoleAdmin)
}

func (c *Class) isTeacher(userID int64) bool {
	for _, id := range c.TeacherIDs {
		if id == userID && id != 0 {
			return true
		}
	}
	return false
}

// Manages reports whether a runs the class, for pages that offer its
// managers' forms; every change asks again.
func (s *Service) Manages(a *org.Actor, c *Class) bool { return s.manages(a, c) }

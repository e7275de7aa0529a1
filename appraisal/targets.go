package appraisal

import (
	"context"

	"lms/internal/apperr"
	"lms/org"
)

// respondents of each target, by the target's index in the input.
type respondentSets [][]org.Member

// resolveTargets turns the input into targets and their respondents, all
// inside the campaign's subtree, with two queries for all of them.
func (s *Service) resolveTargets(ctx context.Context, a *org.Actor, scope string, in []TargetInput) ([]Target, respondentSets, error) {
	people, err := s.peopleByID(ctx, in)
	if err != nil {
		return nil, nil, err
	}
	targets := make([]Target, len(in))
	for i, t := range in {
		if targets[i], err = s.targetOf(ctx, a, scope, t, people); err != nil {
			return nil, nil, err
		}
	}
	byUnit, err := s.membersByUnit(ctx, in, targets)
	if err != nil {
		return nil, nil, err
	}
	sets := make(respondentSets, len(in))
	for i, t := range in {
		if sets[i], err = respondentsOf(scope, t, targets[i], byUnit, people); err != nil {
			return nil, nil, err
		}
		targets[i].Asked = len(sets[i])
	}
	return targets, sets, nil
}

// peopleByID loads every person the input names, targets and respondents.
func (s *Service) peopleByID(ctx context.Context, in []TargetInput) (map[int64]org.Member, error) {
	var ids []int64
	for _, t := range in {
		if t.UserID != 0 {
			ids = append(ids, t.UserID)
		}
		ids = append(ids, t.RespondentUsers...)
	}
	out := map[int64]org.Member{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := s.Dir.MembersByID(ctx, ids)
	for _, m := range list {
		out[m.ID] = m
	}
	return out, err
}

func (s *Service) targetOf(ctx context.Context, a *org.Actor, scope string, t TargetInput, people map[int64]org.Member) (Target, error) {
	if t.UserID != 0 {
		m, ok := people[t.UserID]
		if !ok || !org.Within(m.UnitPath, scope) {
			return Target{}, apperr.Forbiddenf("评议对象须是本组织范围内的人员")
		}
		id := m.ID
		return Target{UserID: &id, Name: m.DisplayName, UnitID: m.UnitID, UnitName: m.UnitName, UnitPath: m.UnitPath}, nil
	}
	u, err := s.Dir.Unit(ctx, a, t.UnitID)
	if err != nil || !org.Within(u.Path, scope) {
		return Target{}, apperr.Forbiddenf("评议对象须是本组织范围内的组织")
	}
	return Target{Name: u.Name, UnitID: u.ID, UnitName: u.Name, UnitPath: u.Path}, nil
}

// membersByUnit loads the members of every unit whose members respond.
func (s *Service) membersByUnit(ctx context.Context, in []TargetInput, targets []Target) (map[int64][]org.Member, error) {
	seen := map[int64]bool{}
	var ids []int64
	for i, t := range in {
		units := t.RespondentUnits
		if len(units) == 0 && len(t.RespondentUsers) == 0 {
			units = []int64{targets[i].UnitID}
		}
		for _, u := range units {
			if !seen[u] {
				seen[u] = true
				ids = append(ids, u)
			}
		}
	}
	list, err := s.Dir.MembersOf(ctx, ids)
	out := map[int64][]org.Member{}
	for _, m := range list {
		out[m.UnitID] = append(out[m.UnitID], m)
	}
	return out, err
}

func respondentsOf(scope string, in TargetInput, t Target, byUnit map[int64][]org.Member, people map[int64]org.Member) ([]org.Member, error) {
	units := in.RespondentUnits
	if len(units) == 0 && len(in.RespondentUsers) == 0 {
		units = []int64{t.UnitID}
	}
	seen := map[int64]bool{}
	var out []org.Member
	add := func(m org.Member) error {
		if !org.Within(m.UnitPath, scope) {
			return apperr.Forbiddenf("参评人须是本组织范围内的人员")
		}
		if !seen[m.ID] && (t.UserID == nil || *t.UserID != m.ID) {
			seen[m.ID] = true
			out = append(out, m)
		}
		return nil
	}
	for _, u := range units {
		for _, m := range byUnit[u] {
			if err := add(m); err != nil {
				return nil, err
			}
		}
	}
	for _, id := range in.RespondentUsers {
		m, ok := people[id]
		if !ok {
			return nil, apperr.Invalidf("参评人不存在或已停用")
		}
		if err := add(m); err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, apperr.Invalidf("评议对象“%s”没有参评人", t.Name)
	}
	return out, nil
}

func respondentRows(targets []Target, sets respondentSets) []respondentRow {
	var rows []respondentRow
	for i, t := range targets {
		for _, m := range sets[i] {
			rows = append(rows, respondentRow{TargetID: t.ID, UserID: m.ID, UnitID: m.UnitID, UnitName: m.UnitName})
		}
	}
	return rows
}

package notice

import (
	"context"
	"strings"

	"lms/internal/apperr"
)

// Status is the read status of a notice under one unit of its audience:
// the totals, then one line per unit below (and the unit's own people).
type Status struct {
	NoticeID int64        `json:"notice_id"`
	Title    string       `json:"title"`
	MustRead bool         `json:"must_read"`
	At       Unit         `json:"unit"`
	Up       *Unit        `json:"up,omitempty"` // the unit above, while inside the notice's own subtree
	Audience int          `json:"audience"`
	Read     int          `json:"read"`
	Unread   int          `json:"unread"`
	Units    []UnitStatus `json:"units"`
}

// Status reports who has read the notice under unitID (0: the whole
// audience), by unit, for those who manage it.
func (s *Service) Status(ctx context.Context, v Viewer, id, unitID int64) (*Status, error) {
	n, at, err := s.statusAt(ctx, v, id, unitID)
	if err != nil {
		return nil, err
	}
	units, err := unitStatus(ctx, s.db, n, at.Path)
	if err != nil {
		return nil, err
	}
	st := &Status{NoticeID: id, Title: n.Title, MustRead: n.MustRead, At: at, Units: units}
	for _, u := range units {
		st.Audience, st.Read, st.Unread = st.Audience+u.Audience, st.Read+u.Read, st.Unread+u.Unread
	}
	if at.Path != n.ScopePath {
		up, err := unitByPath(ctx, s.db, at.Path[:strings.LastIndex(at.Path, ".")])
		if err != nil {
			return nil, err
		}
		st.Up = &up
	}
	return st, nil
}

// statusAt finds the notice for one who manages it, and the unit asked
// for, which must lie in its audience's subtree.
func (s *Service) statusAt(ctx context.Context, v Viewer, id, unitID int64) (*Notice, Unit, error) {
	n, err := s.manageable(ctx, s.db, v, id, false)
	if err != nil {
		return nil, Unit{}, err
	}
	if unitID == 0 {
		unitID = n.ScopeUnitID
	}
	units, err := unitsByID(ctx, s.db, []int64{unitID})
	if err != nil {
		return nil, Unit{}, err
	}
	if len(units) == 0 || !within(units[0].Path, n.ScopePath) {
		return nil, Unit{}, apperr.NotFoundf("该单位不在通知的发布范围内")
	}
	return n, units[0], nil
}

// PeoplePerPage is the length of a page of readers.
const PeoplePerPage = 50

// People lists the audience under unitID with their read state; state
// "read" or "unread" narrows the list.
func (s *Service) People(ctx context.Context, v Viewer, id, unitID int64, state string, page int) ([]Person, bool, error) {
	if state != "" && state != "read" && state != "unread" {
		return nil, false, apperr.Invalidf("状态只能是 read 或 unread")
	}
	n, at, err := s.statusAt(ctx, v, id, unitID)
	if err != nil {
		return nil, false, err
	}
	list, err := people(ctx, s.db, n, at.Path, state, PeoplePerPage+1, (max(page, 1)-1)*PeoplePerPage)
	if len(list) > PeoplePerPage {
		return list[:PeoplePerPage], true, err
	}
	return list, false, err
}

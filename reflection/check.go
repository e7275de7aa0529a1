package reflection

import (
	"context"

	"lms/internal/db"
)

// match is the source sharing the largest part of a submission.
type match struct {
	Share float64
	Kind  string // "reflection", "material" or "" when nothing is shared
	Ref   int64  // the other reflection's id, or the lesson's
}

// candidates is how many of the nearest submissions by shared shingles
// are compared exactly: a copy of half of one text ranks it first.
const candidates = 3

// copyCheck compares a submission with every other submission of its
// course (through their stored shingles) and with the course's lesson
// texts, stores its own shingles, and returns the closest source.
func (s *Service) copyCheck(ctx context.Context, q db.DBTX, r *Reflection) (match, error) {
	toks := tokens(r.Body)
	hs := distinct(shingles(toks))
	best, err := s.closestSubmission(ctx, q, r, toks, hs)
	if err != nil {
		return best, err
	}
	mats, err := s.Courses.Materials(ctx, r.CourseID)
	if err != nil {
		return best, err
	}
	for _, m := range mats {
		if share := coverageOf(toks, hashSet(shingles(tokens(m.Text)))); share > best.Share {
			best = match{Share: share, Kind: "material", Ref: m.LessonID}
		}
	}
	return best, replaceShingles(ctx, q, r.CourseID, r.ID, hs)
}

func (s *Service) closestSubmission(ctx context.Context, q db.DBTX, r *Reflection, toks []token, hs []int32) (match, error) {
	var best match
	if len(hs) == 0 {
		return best, nil
	}
	near, err := nearest(ctx, q, r.CourseID, r.ID, hs, candidates)
	if err != nil {
		return best, err
	}
	for _, c := range near {
		body, err := bodyOf(ctx, q, c.ID)
		if err != nil {
			return best, err
		}
		if share := coverageOf(toks, hashSet(shingles(tokens(body)))); share > best.Share {
			best = match{Share: share, Kind: "reflection", Ref: c.ID}
		}
	}
	return best, nil
}

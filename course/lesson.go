package course

import (
	"context"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/microcosm-cc/bluemonday"

	"lms/internal/apperr"
	"lms/internal/db"
	"lms/org"
)

// Chapter groups ordered lessons.
type Chapter struct {
	ID       int64    `json:"id"`
	CourseID int64    `json:"course_id"`
	Title    string   `json:"title"`
	Position int      `json:"position"`
	Lessons  []Lesson `json:"lessons" db:"-"`
}

// Lesson is one video, document, article or SCORM package of a course.
type Lesson struct {
	ID           int64   `json:"id"`
	CourseID     int64   `json:"course_id"`
	ChapterID    int64   `json:"chapter_id"`
	Title        string  `json:"title"`
	Kind         string  `json:"kind"`
	Position     int     `json:"position"`
	Required     bool    `json:"required"`
	MinSeconds   int     `json:"min_seconds"`
	MediaAssetID *int64  `json:"media_asset_id"`
	Duration     float64 `json:"duration"`
	DocKey       string  `json:"-"`
	DocName      string  `json:"doc_name"`
	DocType      string  `json:"doc_type"`
	ArticleHTML  string  `json:"article_html,omitempty"`
}

// LessonInput creates or changes a lesson; nil fields stay as they are.
type LessonInput struct {
	ChapterID    *int64  `json:"chapter_id"`
	Title        *string `json:"title"`
	Kind         string  `json:"kind"`
	Required     *bool   `json:"required"`
	MinSeconds   *int    `json:"min_seconds"`
	MediaAssetID *int64  `json:"media_asset_id"`
	ArticleHTML  *string `json:"article_html"`
}

// sanitizer keeps the formatting of user-generated content and drops
// scripts, event handlers and javascript: URLs.
var sanitizer = bluemonday.UGCPolicy()

// SanitizeHTML cleans an article before it is stored.
func SanitizeHTML(s string) string { return sanitizer.Sanitize(s) }

func (in *LessonInput) validate(creating bool) error {
	if in.Title != nil {
		t, err := cleanText("课时名称", *in.Title, 200, true)
		if err != nil {
			return err
		}
		in.Title = &t
	} else if creating {
		return apperr.Invalidf("课时名称不能为空")
	}
	if creating && in.Kind != "video" && in.Kind != "document" && in.Kind != "article" && in.Kind != "scorm" {
		return apperr.Invalidf("课时类型须为 video、document、article 或 scorm")
	}
	if in.MinSeconds != nil && (*in.MinSeconds < 0 || *in.MinSeconds > 36000) {
		return apperr.Invalidf("最短阅读时间须在 0 到 36000 秒之间")
	}
	if in.ArticleHTML != nil {
		if len(*in.ArticleHTML) > 1<<20 {
			return apperr.Invalidf("文章过长（最多 1 MB）")
		}
		clean := SanitizeHTML(*in.ArticleHTML)
		in.ArticleHTML = &clean
	}
	return nil
}

// AddChapter appends a chapter to a course.
func (s *Service) AddChapter(ctx context.Context, a *org.Actor, courseID int64, title string) (*Chapter, error) {
	title, err := cleanText("章节名称", title, 200, true)
	if err != nil {
		return nil, err
	}
	var ch *Chapter
	err = db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := s.editable(ctx, tx, a, courseID); err != nil {
			return err
		}
		ch, err = insertChapter(ctx, tx, courseID, title)
		return err
	})
	return ch, err
}

// AddLesson appends a lesson to a chapter (the course's last chapter, or a
// new first one, when none is given).
func (s *Service) AddLesson(ctx context.Context, a *org.Actor, courseID int64, in LessonInput) (*Lesson, error) {
	if err := in.validate(true); err != nil {
		return nil, err
	}
	var id int64
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := s.editable(ctx, tx, a, courseID); err != nil {
			return err
		}
		chapterID, err := s.chapterFor(ctx, tx, courseID, in.ChapterID)
		if err != nil {
			return err
		}
		if id, err = insertLesson(ctx, tx, courseID, chapterID, in); err != nil {
			return err
		}
		if err := s.attachMedia(ctx, tx, a, id, in.MediaAssetID); err != nil {
			return err
		}
		return s.changed(ctx, tx, "lesson", id)
	})
	if err != nil {
		return nil, err
	}
	return getLesson(ctx, s.db, id)
}

func (s *Service) chapterFor(ctx context.Context, tx pgx.Tx, courseID int64, chapterID *int64) (int64, error) {
	if chapterID != nil {
		ch, err := getChapter(ctx, tx, *chapterID)
		if err != nil || ch.CourseID != courseID {
			return 0, apperr.Invalidf("章节不属于该课程")
		}
		return ch.ID, nil
	}
	id, err := lastChapter(ctx, tx, courseID)
	if err == nil && id != 0 {
		return id, nil
	}
	ch, err := insertChapter(ctx, tx, courseID, "第一章")
	if err != nil {
		return 0, err
	}
	return ch.ID, nil
}

// attachMedia links a video lesson to a media asset the trainer owns, and
// takes its duration once the asset is ready.
func (s *Service) attachMedia(ctx context.Context, tx pgx.Tx, a *org.Actor, lessonID int64, assetID *int64) error {
	if assetID == nil {
		return nil
	}
	if s.Media == nil {
		return setLessonMedia(ctx, tx, lessonID, *assetID, 0)
	}
	dur, owner, ready, err := s.Media.AssetDuration(ctx, *assetID)
	if err != nil {
		return err
	}
	if owner != a.UserID && !a.System && !a.Has(org.RoleAdmin) {
		return apperr.Forbiddenf("只能使用自己上传的视频")
	}
	if !ready {
		dur = 0
	}
	return setLessonMedia(ctx, tx, lessonID, *assetID, dur)
}

// UpdateLesson changes a lesson. Completed learners keep their completion:
// only the rules for what is not yet done change.
func (s *Service) UpdateLesson(ctx context.Context, a *org.Actor, id int64, in LessonInput) (*Lesson, error) {
	if err := in.validate(false); err != nil {
		return nil, err
	}
	err := db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		l, err := getLesson(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := s.editable(ctx, tx, a, l.CourseID); err != nil {
			return err
		}
		if in.ChapterID != nil {
			if _, err := s.chapterFor(ctx, tx, l.CourseID, in.ChapterID); err != nil {
				return err
			}
		}
		if err := updateLesson(ctx, tx, id, in); err != nil {
			return err
		}
		if err := s.attachMedia(ctx, tx, a, id, in.MediaAssetID); err != nil {
			return err
		}
		return s.changed(ctx, tx, "lesson", id)
	})
	if err != nil {
		return nil, err
	}
	return getLesson(ctx, s.db, id)
}

// Outline is the ordered chapters of a course with their lessons.
func (s *Service) Outline(ctx context.Context, a *org.Actor, courseID int64) (*Course, []Chapter, error) {
	c, err := s.Course(ctx, a, courseID)
	if err != nil {
		return nil, nil, err
	}
	chapters, err := listChapters(ctx, s.db, courseID)
	if err != nil {
		return nil, nil, err
	}
	lessons, err := listLessons(ctx, s.db, courseID)
	if err != nil {
		return nil, nil, err
	}
	idx := map[int64]int{}
	for i := range chapters {
		idx[chapters[i].ID] = i
	}
	for _, l := range lessons {
		l.ArticleHTML = ""
		chapters[idx[l.ChapterID]].Lessons = append(chapters[idx[l.ChapterID]].Lessons, l)
	}
	return c, chapters, nil
}

// Reorder sets the order of chapters and of the lessons in them, as the
// editor's drag and drop left them.
func (s *Service) Reorder(ctx context.Context, a *org.Actor, courseID int64, order []Chapter) error {
	return db.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := s.editable(ctx, tx, a, courseID); err != nil {
			return err
		}
		for ci, ch := range order {
			if err := placeChapter(ctx, tx, courseID, ch.ID, ci); err != nil {
				return err
			}
			for li, l := range ch.Lessons {
				if err := placeLesson(ctx, tx, courseID, l.ID, ch.ID, li); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Lesson returns a lesson of a course the actor may see.
func (s *Service) Lesson(ctx context.Context, a *org.Actor, id int64) (*Lesson, *Course, error) {
	l, err := getLesson(ctx, s.db, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.Course(ctx, a, l.CourseID)
	if err != nil {
		return nil, nil, err
	}
	if l.Kind == "video" && l.Duration == 0 && l.MediaAssetID != nil {
		// The lecture may have become ready since the lesson was saved.
		r, err := s.rules(ctx, l.ID)
		if err != nil {
			return nil, nil, err
		}
		l.Duration = r.Duration
	}
	return l, c, nil
}

func docType(data []byte) string {
	switch {
	case strings.HasPrefix(string(data), "%PDF-"):
		return "pdf"
	case !strings.HasPrefix(string(data), "PK\x03\x04"):
		return ""
	case strings.Contains(string(data[:min(len(data), 4096)]), "word/"):
		return "docx"
	case strings.Contains(string(data[:min(len(data), 4096)]), "ppt/"):
		return "pptx"
	}
	return ""
}

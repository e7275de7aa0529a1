package web

import (
	"context"
	"fmt"

	"github.com/labstack/echo/v4"

	"lms/appraisal"
	"lms/report"
)

// appraisalExport downloads a closed campaign's workbook: the ranking,
// each target's indicators, the comments, the response rates and the
// 需约谈 follow-ups, one sheet each, written as rows arrive.
func (s *Server) appraisalExport(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	b, err := s.Appraisal.Workbook(c.Request().Context(), actorOf(c), id)
	if err != nil {
		return err
	}
	e := &report.Export{Name: b.Campaign.Title, Sheets: []report.Sheet{rankingSheet(b), indicatorSheet(b),
		commentSheet(b), rateSheet(b), talkSheet(b)}}
	return s.sendExport(c, e, "xlsx", fmt.Sprintf("appraisal-%d", id), report.SheetRows)
}

func col(h string, k report.Kind, w float64) report.Column {
	return report.Column{Header: h, Kind: k, Width: w}
}

// share is a grade's share, or nothing under the sample threshold.
func share(t appraisal.TargetResult, i int) any {
	if !t.Enough {
		return nil
	}
	return t.GradeShares[i]
}

func rankingSheet(b *appraisal.Book) report.Sheet {
	return report.Sheet{Name: "排名", Columns: []report.Column{col("名次", report.Int, 6), col("评议对象", report.Text, 16),
		col("所在组织", report.Text, 20), col("应参评", report.Int, 8), col("有效票", report.Int, 8),
		col("综合得分", report.Num, 10), col("满意", report.Pct, 8), col("基本满意", report.Pct, 10),
		col("不满意", report.Pct, 8), col("需约谈", report.Text, 8), col("备注", report.Text, 10)},
		Each: func(ctx context.Context, emit func([]any) error) error {
			for _, t := range b.Targets {
				note, talk := "", ""
				if !t.Enough {
					note = "样本不足"
				}
				if t.NeedsTalk {
					talk = "是"
				}
				var score, rk any
				if t.Enough {
					score, rk = *t.Score, int64(t.Rank)
				}
				if err := emit([]any{rk, t.Name, t.UnitName, int64(t.Asked), int64(t.Ballots), score,
					share(t, 0), share(t, 1), share(t, 2), talk, note}); err != nil {
					return err
				}
			}
			return nil
		}}
}

func indicatorSheet(b *appraisal.Book) report.Sheet {
	f := b.Campaign.Form
	cols := []report.Column{col("评议对象", report.Text, 16), col("所在组织", report.Text, 20), col("指标", report.Text, 12),
		col("权重", report.Int, 6), col("平均分", report.Num, 8)}
	for _, st := range f.Scale {
		cols = append(cols, col(st.Label+"（票）", report.Int, 8))
	}
	return report.Sheet{Name: "指标得分", Columns: cols, Each: func(ctx context.Context, emit func([]any) error) error {
		for _, t := range b.Targets {
			for _, in := range b.Indicators[t.ID] {
				row := []any{t.Name, t.UnitName, in.Name, int64(in.Weight), in.Mean}
				for _, n := range in.Counts {
					row = append(row, int64(n))
				}
				if err := emit(row); err != nil {
					return err
				}
			}
		}
		return nil
	}}
}

func commentSheet(b *appraisal.Book) report.Sheet {
	names := map[int64][2]string{}
	for _, t := range b.Targets {
		names[t.ID] = [2]string{t.Name, t.UnitName}
	}
	return report.Sheet{Name: "意见建议", Columns: []report.Column{col("评议对象", report.Text, 16),
		col("所在组织", report.Text, 20), col("意见建议（不具名，顺序随机）", report.Text, 60)},
		Each: func(ctx context.Context, emit func([]any) error) error {
			return b.EachComment(ctx, func(id int64, text string) error {
				return emit([]any{names[id][0], names[id][1], report.SafeText(text)})
			})
		}}
}

func rateSheet(b *appraisal.Book) report.Sheet {
	return report.Sheet{Name: "参评情况", Columns: []report.Column{col("参评人所在组织", report.Text, 20),
		col("应参评（人次）", report.Int, 12), col("已参评（人次）", report.Int, 12), col("参评率", report.Pct, 8)},
		Each: func(ctx context.Context, emit func([]any) error) error {
			for _, r := range b.ByUnit {
				if err := emit([]any{r.UnitName, int64(r.Asked), int64(r.Answered), rate(r)}); err != nil {
					return err
				}
			}
			return nil
		}}
}

func rate(r appraisal.Rate) float64 {
	if r.Asked == 0 {
		return 0
	}
	return float64(r.Answered) / float64(r.Asked)
}

func talkSheet(b *appraisal.Book) report.Sheet {
	return report.Sheet{Name: "约谈整改", Columns: []report.Column{col("评议对象", report.Text, 16),
		col("所在组织", report.Text, 20), col("综合得分", report.Num, 10), col("不满意", report.Pct, 8),
		col("谈话时间", report.Date, 12), col("整改要求", report.Text, 40), col("整改情况", report.Text, 40)},
		Each: func(ctx context.Context, emit func([]any) error) error {
			for _, t := range b.Targets {
				if !t.NeedsTalk {
					continue
				}
				f := t.FollowUp
				if f == nil {
					f = &appraisal.FollowUp{}
				}
				if err := emit([]any{t.Name, t.UnitName, *t.Score, t.GradeShares[2], f.TalkedOn,
					report.SafeText(f.Requirement), report.SafeText(f.Progress)}); err != nil {
					return err
				}
			}
			return nil
		}}
}

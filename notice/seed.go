package notice

import (
	"context"
	"time"
)

// demoNotice is one notice of the demo, addressed to one of its units.
type demoNotice struct {
	unit  string // key of the units given to SeedDemo
	in    Input
	draft bool
}

var demoNotices = []demoNotice{
	// The words of the demo courses (党员冬训, their titles) are left out,
	// so searching them still finds the courses alone.
	{unit: "north", in: Input{Title: "关于开展2026年度冬季集中学习的通知", Pinned: true, MustRead: true,
		BodyHTML: "各基层党组织：\n根据上级党委部署，现就开展本年度冬季集中学习通知如下。\n一、时间为12月至次年2月，各支部须组织不少于4次集中学习。\n二、学习内容以党的创新理论和本平台分配的必修课程为主。\n三、请各支部于1月15日前报送学习安排。"}},
	{unit: "north", in: Input{Title: "关于报送党费收缴情况的通知", Roles: []string{"committee"},
		BodyHTML: "请各党组织委员于本月底前核对并报送本单位党费收缴情况。"}},
	{unit: "first", in: Input{Title: "第一党支部12月主题党日活动安排",
		BodyHTML: "时间：12月20日下午3点\n地点：公司三楼会议室\n内容：集中学习、讨论交流、过组织生活。"}},
	{unit: "north", in: Input{Title: "关于春节期间廉洁自律的提醒（草稿）"}, draft: true},
}

// SeedDemo adds the demo notices not there yet (by title), published by
// v to the units named "north" and "first". It returns the titles added.
func (s *Service) SeedDemo(ctx context.Context, v Viewer, units map[string]int64) ([]string, error) {
	var added []string
	for _, d := range demoNotices {
		if n, err := noticesTitled(ctx, s.db, d.in.Title); err != nil || n > 0 {
			if err != nil {
				return added, err
			}
			continue
		}
		in := d.in
		in.UnitID = units[d.unit]
		if in.Pinned {
			exp := s.now().Add(90 * 24 * time.Hour)
			in.ExpiresAt = &exp
		}
		created, err := s.Create(ctx, v, in)
		if err == nil && !d.draft {
			_, err = s.Publish(ctx, v, created.ID)
		}
		if err != nil {
			return added, err
		}
		added = append(added, in.Title)
	}
	return added, nil
}

package feedback

import (
	"context"

	"lms/org"
)

// Actors finds a demo account by username, as it would be signed in.
type Actors func(ctx context.Context, username string) (*org.Actor, error)

// demoMessage is one example of `lms seed demo`: who writes to which
// unit, and how far the committee has taken it.
type demoMessage struct {
	author, unit, category, body string
	anonymous                    bool
	reply                        string
	public                       *PublicInput
}

var demoMessages = []demoMessage{
	{author: "demo_learner", unit: "第一党支部", category: "problem", anonymous: true,
		body: "三车间夜班职工反映，食堂晚餐供应时间过早，夜班开始后无法就餐，希望延长供应时间。"},
	{author: "hb1_01", unit: "华北分公司党委", category: "opinion",
		body:  "建议分公司党委每季度组织一次线上专题党课，方便外地项目部的党员参加。",
		reply: "感谢建议。分公司党委已决定自下季度起每季度开设一次线上专题党课，届时在平台发布通知。",
		public: &PublicInput{Question: "有党员建议每季度组织线上专题党课，方便外地项目部党员参加。",
			Answer: "自下季度起，分公司党委每季度开设一次线上专题党课，届时在平台发布通知。"}},
	{author: "hb2_01", unit: "生产党总支", category: "help", anonymous: true,
		body: "家中老人突发重病，需要长期陪护，想了解能否申请调整班次。"},
}

// SeedDemo writes a few Chinese examples for the demo, answered by the
// demo committee where they say so. It writes nothing when messages
// already exist, or when the server has no secret (no message can then be
// written at all).
func (s *Service) SeedDemo(ctx context.Context, actors Actors) error {
	if exists, err := anyMessage(ctx, s.db); err != nil || exists || s.keys.name == nil {
		return err
	}
	committee, err := actors(ctx, "demo_committee")
	if err != nil {
		return err
	}
	for _, d := range demoMessages {
		if err := s.seedOne(ctx, actors, committee, d); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) seedOne(ctx context.Context, actors Actors, committee *org.Actor, d demoMessage) error {
	a, err := actors(ctx, d.author)
	if err != nil {
		return err
	}
	targets, err := s.Targets(ctx, a)
	if err != nil {
		return err
	}
	var unitID int64
	for _, u := range targets {
		if u.Name == d.unit {
			unitID = u.ID
		}
	}
	if _, err := s.Submit(ctx, a, NewMessage{UnitID: unitID, Category: d.category, Body: d.body, Anonymous: d.anonymous}); err != nil || d.reply == "" {
		return err
	}
	list, _, err := s.Inbox(ctx, committee, InboxFilter{State: Pending})
	if err != nil {
		return err
	}
	for _, m := range list {
		if m.Body == d.body {
			return s.seedAnswer(ctx, committee, m.ID, d)
		}
	}
	return nil
}

func (s *Service) seedAnswer(ctx context.Context, committee *org.Actor, id string, d demoMessage) error {
	if _, err := s.Accept(ctx, committee, id); err != nil {
		return err
	}
	if _, err := s.Reply(ctx, committee, id, d.reply); err != nil {
		return err
	}
	if d.public == nil {
		return nil
	}
	_, err := s.Publish(ctx, committee, id, *d.public)
	return err
}

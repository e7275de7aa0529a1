package feedback

import (
	"context"

	"lms/internal/db"
)

// view turns a row into a Message without thread or files.
func view(m *messageRow) *Message {
	out := &Message{UnitID: m.UnitID, UnitName: m.UnitName, Category: m.Category, Body: m.Body,
		Anonymous: m.Anonymous, State: m.State, SubmittedOn: Day{m.SubmittedOn}, AcceptDue: Day{m.AcceptDue},
		AnswerDue: Day{m.AnswerDue}, Escalation: int(m.Escalation)}
	if m.AuthorName != nil && !m.Anonymous {
		out.AuthorName = *m.AuthorName
	}
	if m.AnsweredOn != nil {
		out.AnsweredOn = &Day{*m.AnsweredOn}
	}
	if m.EscalatedUnitName != nil {
		out.EscalatedUnitName = *m.EscalatedUnitName
	}
	if m.Rating != nil {
		out.Rating = *m.Rating
	}
	return out
}

// full adds the thread, the attachments and the public answer.
func full(ctx context.Context, q db.DBTX, m *messageRow) (*Message, error) {
	out := view(m)
	entries, err := threadOf(ctx, q, m.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		x := Entry{Seq: e.Seq, Kind: e.Kind, ByAuthor: e.ByAuthor, Body: e.Body, Day: Day{e.Day}, At: e.At}
		if e.ActorName != nil && !e.ByAuthor {
			x.ActorName = *e.ActorName
		}
		out.Thread = append(out.Thread, x)
	}
	files, err := filesOf(ctx, q, m.ID)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		out.Files = append(out.Files, File{N: f.N, Name: f.Name, ContentType: f.ContentType, Size: f.Size})
	}
	out.Public, err = publicOf(ctx, q, m.ID)
	return out, err
}

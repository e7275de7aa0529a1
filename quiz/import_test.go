package quiz

import (
	"context"
	"strings"
	"testing"
)

const mixedGIFT = "::好1::党的根本宗旨是？{=全心全意为人民服务 ~实现共产主义}\n\n" +
	"::坏1::只有一组的配对 {=中共一大 -> 1921}\n\n" +
	"::好2::配对 {=中共一大 -> 1921 =遵义会议 -> 1935 = -> 1949}\n\n" +
	"::坏2::未知题型 {xyz}\n\n" +
	"::好3::党员应当按期交纳党费。{T}\n"

// 导入其余题目: the default stays all or nothing; asked to, the questions
// that passed are imported, the reported ones skipped, and the report is
// kept on the import's record, which only those who may change the bank see.
func TestImportRestKeepsReport(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	ctx := context.Background()
	b, err := e.svc.CreateBank(ctx, e.trainer, BankInput{Name: "题库"})
	must(t, err)
	req := ImportRequest{Format: FormatGIFT, Name: "moodle.gift", Data: []byte(mixedGIFT)}
	rep, err := e.svc.ImportFile(ctx, e.trainer, b.ID, req)
	must(t, err)
	if rep.Imported != 0 || len(rep.Problems) != 2 || countQuestions(t, e) != 0 {
		t.Fatalf("default import wrote: %+v", rep)
	}
	req.SkipBad, req.DryRun = true, true
	if rep, err = e.svc.ImportFile(ctx, e.trainer, b.ID, req); err != nil || rep.Imported != 0 || countQuestions(t, e) != 0 {
		t.Fatalf("dry run of the rest wrote: %+v %v", rep, err)
	}
	req.DryRun = false
	// A learner of the unit, and a trainer of another subtree.
	for _, who := range []Viewer{e.learners[0], {UserID: e.learners[0].UserID, UnitPath: "u1.u9", Manager: true}} {
		if _, err := e.svc.ImportFile(ctx, who, b.ID, req); err == nil {
			t.Errorf("%+v imported into another's bank", who)
		}
		if _, err := e.svc.Imports(ctx, who, b.ID); err == nil {
			t.Errorf("%+v reads the import history", who)
		}
	}
	rep, err = e.svc.ImportFile(ctx, e.trainer, b.ID, req)
	must(t, err)
	if rep.Imported != 3 || rep.Skipped != 2 || rep.RecordID == 0 || countQuestions(t, e) != 3 {
		t.Fatalf("import of the rest %+v, %d stored", rep, countQuestions(t, e))
	}
	recs, err := e.svc.Imports(ctx, e.trainer, b.ID)
	must(t, err)
	if len(recs) != 1 || recs[0].FileName != "moodle.gift" || recs[0].Skipped != 2 || len(recs[0].Problems) != 2 ||
		recs[0].Problems[0].Line != 3 || recs[0].Problems[1].Line != 7 || !strings.Contains(recs[0].Problems[0].Message, "2 组") {
		t.Errorf("record %+v", recs)
	}
	req.Data = []byte("坏 {xyz}\n\n也坏 {=a -> b}")
	if _, err := e.svc.ImportFile(ctx, e.trainer, b.ID, req); err == nil || countQuestions(t, e) != 3 {
		t.Errorf("a file with nothing good: %v", err)
	}
}

// A matching question drawn into an attempt: answers shuffled, chosen by
// displayed position, graded on the server with a share per pair.
func TestMatchAttemptPartialCredit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 1)
	ctx := context.Background()
	b := e.bank("会议与年份{=中共一大 -> 1921 =遵义会议 -> 1935 =七届二中全会 -> 1949 =十一届三中全会 -> 1978 = -> 1927}")
	z := e.fixedQuiz(b.ID, func(z *Quiz) { z.PartialCredit, z.ShowAnswers = true, ShowAfterSubmit })
	me := e.learners[0]
	v, err := e.svc.Start(ctx, me, z.ID)
	must(t, err)
	q := v.Questions[0]
	if q.Type != Match || len(q.Prompts) != 4 || len(q.Options) != 5 || q.Review != nil {
		t.Fatalf("view %+v", q)
	}
	pos := func(answer string) int {
		for i, o := range q.Options {
			if o == answer {
				return i
			}
		}
		t.Fatalf("%s not offered in %v", answer, q.Options)
		return -1
	}
	in := AnswerInput{Choices: []int{pos("1921"), pos("1935"), pos("1949"), pos("1927")}}
	if _, err := e.svc.SaveAnswer(ctx, me, v.ID, q.ID, AnswerInput{Texts: []string{"1921"}}); err == nil {
		t.Error("texts accepted")
	}
	if _, err := e.svc.SaveAnswer(ctx, me, v.ID, q.ID, AnswerInput{Choices: []int{0, 1, 2, 3, 4}}); err == nil {
		t.Error("five choices for four prompts accepted")
	}
	_, err = e.svc.SaveAnswer(ctx, me, v.ID, q.ID, in)
	must(t, err)
	again, err := e.svc.Attempt(ctx, me, v.ID)
	must(t, err)
	if got := again.Questions[0].Choices; len(got) != 4 || got[0] != in.Choices[0] || got[3] != in.Choices[3] {
		t.Errorf("saved choices come back as %v, sent %v", got, in.Choices)
	}
	done, err := e.svc.Submit(ctx, me, v.ID)
	must(t, err)
	if done.Score == nil || *done.Score != 0.75 {
		t.Errorf("score %v, want 0.75", done.Score)
	}
}

package web

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"lms/notice"
	"lms/org"
)

// tinyPDF is a valid one-page PDF with a line of text.
func tinyPDF() []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		"<< /Length 44 >>\nstream\nBT /F1 18 Tf 20 100 Td (Notice PDF) Tj ET\nendstream",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	out := "%PDF-1.4\n"
	var offs []int
	for i, o := range objs {
		offs = append(offs, len(out))
		out += fmt.Sprintf("%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := len(out)
	out += fmt.Sprintf("xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		out += fmt.Sprintf("%010d 00000 n \n", o)
	}
	out += fmt.Sprintf("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return []byte(out)
}

// noticeBy publishes a notice as username, addressed to the unit at path,
// with a PDF, through the service (as the API would).
func (fs *fullServer) noticeBy(t *testing.T, username, path string, in notice.Input) *notice.View {
	t.Helper()
	ctx := context.Background()
	_, a, err := fs.Org.Login(ctx, username, org.DemoPassword, "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	v := noticeViewer(a)
	in.UnitID = fs.unitID(t, path)
	n, err := fs.server.Notice.Create(ctx, v, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.server.Notice.Attach(ctx, v, n.ID, "通知.pdf", bytes.NewReader(tinyPDF())); err != nil {
		t.Fatal(err)
	}
	if n, err = fs.server.Notice.Publish(ctx, v, n.ID); err != nil {
		t.Fatal(err)
	}
	return n
}

// notice gives the access walk a 必读 notice with a PDF, published by a
// committee member of 营销党支部 to that branch and opened by hnyx_01:
// every attacker is outside its audience and its publisher's scope.
func (w *accessWorld) notice(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	unit := w.fs.unitID(t, unitPathOf("营销党支部"))
	if _, err := w.fs.Org.CreateUser(ctx, org.System(), org.UserInput{Username: "hn_committee", DisplayName: "华南委员",
		UnitID: unit, Password: org.DemoPassword, Roles: []org.Grant{{Role: org.RoleLearner},
			{Role: org.RoleCommittee, ScopeUnitID: unit}}}); err != nil {
		t.Fatal(err)
	}
	n := w.fs.noticeBy(t, "hn_committee", unitPathOf("营销党支部"), notice.Input{Title: "华南必读", MustRead: true})
	if st := w.fs.login(t, "hnyx_01").do("POST", fmt.Sprintf("/api/v1/notices/%d/read", n.ID), nil, nil); st != 200 {
		t.Fatalf("the branch's learner reads the notice: %d", st)
	}
	w.fill["notices/:id"] = fmt.Sprint(n.ID)
	w.fill["attachments/:aid"] = fmt.Sprint(n.Attachments[0].ID)
}

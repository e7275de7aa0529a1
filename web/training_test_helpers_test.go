package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"lms/org"
	"lms/training"
)

// course in its schedule, and a claim of hnyx_01's with one evidence file.
func (w *accessWorld) training(t *testing.T) {
	t.Helper()
	ctx, tr, sys := context.Background(), w.fs.server.Training, org.System()
	learner := w.fs.user(t, "hnyx_01")
	cl, err := tr.CreateClass(ctx, sys, w.fs.Org, training.ClassInput{UnitID: w.fs.unitID(t, demoSouth),
		Name: "华南专题班", Kind: "专题培训", Organiser: "华南分公司党委", StartsOn: "2026-03-01", EndsOn: "2026-03-05", Hours: 8})
	trMust(t, err)
	_, err = tr.AddPeople(ctx, sys, cl.ID, []int64{learner.ID}, "named")
	trMust(t, err)
	var crsID int64
	fmt.Sscan(w.fill["courses/:id"], &crsID)
	trMust(t, tr.AddCourse(ctx, sys, cl.ID, crsID, false))
	ss, err := tr.AddSession(ctx, sys, cl.ID, training.SessionInput{Kind: "lecture", Title: "讲座",
		StartsAt: "2026-03-02T09:00", EndsAt: "2026-03-02T11:00", Hours: 2})
	trMust(t, err)
	trMust(t, tr.Mark(ctx, sys, ss.ID, []int64{learner.ID}, true))
	_, err = tr.Close(ctx, sys, cl.ID)
	trMust(t, err)
	certs, err := tr.MyCertificates(ctx, &org.Actor{UserID: learner.ID})
	trMust(t, err)
	a := w.fs.courseActor(t, "hnyx_01")
	claim, err := tr.SubmitClaim(ctx, a, training.ClaimInput{Kind: "group_study", Title: "中心组学习", Organiser: "华南",
		StartsOn: "2026-03-02", EndsOn: "2026-03-02", Hours: 3}, []training.Evidence{{Filename: "签到表.pdf", Size: 4, Body: strings.NewReader("%PDF")}})
	trMust(t, err)
	pf, err := tr.AddPlanFile(ctx, sys, cl.ID, "培训方案.pdf", strings.NewReader("%PDF-1.4\n%%EOF\n"))
	trMust(t, err)
	w.fill["plan-files/:file"] = fmt.Sprint(pf.ID)
	w.fill["classes/:id"] = fmt.Sprint(cl.ID)
	w.fill["applications/:user"] = fmt.Sprint(learner.ID)
	w.fill["results/:user"] = fmt.Sprint(learner.ID)
	w.fill["sessions/:id"] = fmt.Sprint(ss.ID)
	w.fill["certificates/:id"] = fmt.Sprint(certs[0].ID)
	w.fill["verify/:serial"] = certs[0].Serial
	w.fill["claims/:id"] = fmt.Sprint(claim.ID)
	w.fill["files/:n"] = "0"
	w.fill["claim-rules/:kind"] = "group_study"
}

func trMust(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// claimForm is a 中心组学习 claim of hours with files (name → content).
func claimForm(hours string, files map[string]string) (string, []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"kind": "group_study", "title": "学习贯彻全会精神", "organiser": "华北分公司党委中心组",
		"starts_on": "2026-03-02", "ends_on": "2026-03-02", "sessions": "1", "hours": hours} {
		_ = mw.WriteField(k, v)
	}
	for name, data := range files {
		fw, _ := mw.CreateFormFile("files", name)
		_, _ = fw.Write([]byte(data))
	}
	_ = mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

// pdfText is what pdftotext reads from a PDF, without white space.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.pdf")
	trMust(t, os.WriteFile(path, pdf, 0o600))
	out, err := exec.Command("pdftotext", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v %s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), "")
}

// codeParts reads the check-in window and token from a code's URL.
func codeParts(t *testing.T, raw string) (int64, int64, string) {
	t.Helper()
	u, err := url.Parse(raw)
	trMust(t, err)
	q := u.Query()
	s, _ := strconv.ParseInt(q.Get("s"), 10, 64)
	w, _ := strconv.ParseInt(q.Get("w"), 10, 64)
	return s, w, q.Get("t")
}

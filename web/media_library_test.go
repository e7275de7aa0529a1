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
	"regexp"
	"strings"
	"testing"
	"time"

	"lms/media"
)

// ingestFile sends a local file through the one-request ingest API.
func ingestFile(t *testing.T, c *client, title, path string) int64 {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("title", title)
	fw, _ := mw.CreateFormFile("file", filepath.Base(path))
	_, _ = fw.Write(data)
	_ = mw.Close()
	st, out, _ := c.raw("POST", "/api/v1/media", mw.FormDataContentType(), &body)
	var id int64
	if _, err := fmt.Sscanf(string(out), `{"id":%d`, &id); st != 201 || err != nil {
		t.Fatalf("ingest %s: %d %s", path, st, out)
	}
	return id
}

// waitState polls the asset until it reaches state.
func (ms *mediaServer) waitState(t *testing.T, id int64, state string) *media.Asset {
	t.Helper()
	for range 600 {
		a, err := ms.Media.Asset(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if a.State == state {
			return a
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("asset %d never reached %s", id, state)
	return nil
}

// waitJobsSettled waits until River has recorded the end of every job: a
// job that has done its work may still count as running for a moment, and
// a retry's job inserted meanwhile would be taken for a duplicate.
func (ms *mediaServer) waitJobsSettled(t *testing.T) {
	t.Helper()
	for range 100 {
		var n int
		err := ms.DB.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE state = 'running'`).Scan(&n)
		if err == nil && n == 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("jobs still running")
}

func pngFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "幻灯片.png")
	out, err := exec.Command("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=320x240:d=1",
		"-frames:v", "1", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ffmpeg: %v %s", err, out)
	}
	return path
}

// rowOf cuts one asset's row out of the library page.
func rowOf(t *testing.T, page string, id int64) string {
	t.Helper()
	m := regexp.MustCompile(fmt.Sprintf(`(?s)<tr data-id="%d".*?</tr>`, id)).FindString(page)
	if m == "" {
		t.Fatalf("library lacks asset %d", id)
	}
	return m
}

// The library offers 重试 only where a retry can succeed: not for a PNG
// that ffprobe refused, but for a lecture whose last attempt met a store
// outage; posting the retry of the PNG anyway is refused.
func TestLibraryRetryOnlyWhereItHelps(t *testing.T) {
	t.Parallel()
	ms := newMediaServer(t, media.DeliveryProxy)
	trainer := ms.login(t, "demo_trainer")
	png := ingestFile(t, trainer, "幻灯片", pngFile(t))
	if a := ms.waitState(t, png, media.StateFailed); a.Retryable {
		t.Fatalf("PNG failed as retryable: %s", a.Error)
	}
	outage := ingestFile(t, trainer, "第二讲", makeClip(t, 2, "320x240"))
	ms.waitReady(t, outage)
	ms.waitJobsSettled(t)
	// As settle leaves it after the last attempt during an outage.
	if _, err := ms.DB.Exec(context.Background(), `UPDATE media_assets SET state = 'failed', retryable = true,
		error = '处理时多次遇到存储或数据库的临时故障，请稍后点击“重试”' WHERE id = $1`, outage); err != nil {
		t.Fatal(err)
	}
	_, page := trainer.get("/media")
	retry := fmt.Sprintf(`action="/media/%%d/retry"`)
	if row := rowOf(t, page, png); strings.Contains(row, fmt.Sprintf(retry, png)) || !strings.Contains(row, "不支持的文件格式") {
		t.Errorf("PNG row offers a retry or hides why:\n%s", row)
	}
	if row := rowOf(t, page, outage); !strings.Contains(row, fmt.Sprintf(retry, outage)) {
		t.Errorf("outage row offers no retry:\n%s", row)
	}
	if _, preview := trainer.get(fmt.Sprintf("/media/%d", png)); strings.Contains(preview, fmt.Sprintf(retry, png)) {
		t.Error("the PNG's own page offers a retry")
	}
	if st, _, _ := trainer.post(fmt.Sprintf("/media/%d/retry", png), url.Values{}); st != 409 {
		t.Errorf("retry of the PNG through the form: %d, want 409", st)
	}
	if st := trainer.do("POST", fmt.Sprintf("/api/v1/media/%d/retry", png), nil, &apiError{}); st != 409 {
		t.Errorf("retry of the PNG through the API: %d, want 409", st)
	}
	if st, _, loc := trainer.post(fmt.Sprintf("/media/%d/retry", outage), url.Values{}); st != 303 || !strings.Contains(loc, "media_retry") {
		t.Errorf("retry after the outage: %d %s", st, loc)
	}
	ms.waitReady(t, outage)
}

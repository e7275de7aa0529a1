package media

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// errTimeout marks a tool killed because it ran past its time limit.
var errTimeout = errors.New("time limit reached")

func isTimeout(err error) bool { return errors.Is(err, errTimeout) }

type toolResult struct {
	stdout []byte
	stderr string // the tail only
}

// runTool runs ffmpeg or ffprobe in dir with no shell, no stdin and a
// minimal environment; it is killed when timeout passes. With progress
// set, stdout is read as `-progress pipe:1` output instead of captured.
func runTool(ctx context.Context, dir, name string, args []string, timeout time.Duration, progress func(outSec float64)) (toolResult, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, []string{"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C"}
	cmd.WaitDelay = 5 * time.Second
	dieWithParent(cmd)
	tail := &tailBuffer{max: 8 << 10}
	cmd.Stderr = tail
	var out bytes.Buffer
	var wg sync.WaitGroup
	if progress == nil {
		cmd.Stdout = &out
	} else {
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			return toolResult{}, err
		}
		wg.Go(func() { readProgress(pipe, progress) })
	}
	err := cmd.Start()
	if err == nil {
		wg.Wait()
		err = cmd.Wait()
	}
	res := toolResult{stdout: out.Bytes(), stderr: tail.String()}
	if ctx.Err() == context.DeadlineExceeded {
		return res, errTimeout
	}
	return res, err
}

// readProgress parses ffmpeg's key=value progress blocks.
func readProgress(r io.Reader, progress func(outSec float64)) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if ok && k == "out_time_us" {
			if us, err := strconv.ParseInt(v, 10, 64); err == nil && us >= 0 {
				progress(float64(us) / 1e6)
			}
		}
	}
	_, _ = io.Copy(io.Discard, r)
}

// tailBuffer keeps the last max bytes written: ffmpeg's last words are the
// ones that explain a failure.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	l := strings.TrimSpace(lines[len(lines)-1])
	if len(l) > 200 {
		l = l[:200]
	}
	return l
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

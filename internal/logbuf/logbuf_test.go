package logbuf

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

type safeBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *safeBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *safeBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestFlushes(t *testing.T) {
	var out safeBuffer
	w := New(&out, 20*time.Millisecond)
	w.Write([]byte("one\n"))
	if out.String() != "" {
		t.Error("written through at once")
	}
	time.Sleep(100 * time.Millisecond)
	if out.String() != "one\n" {
		t.Errorf("not flushed by the timer: %q", out.String())
	}
	w.Write([]byte("two\n"))
	w.Close()
	if out.String() != "one\ntwo\n" {
		t.Errorf("not flushed on close: %q", out.String())
	}
	big := strings.Repeat("x", 70<<10)
	w2 := New(&out, time.Hour)
	w2.Write([]byte(big))
	w2.Close()
	if !strings.HasSuffix(out.String(), big) {
		t.Error("a write larger than the buffer was lost")
	}
}

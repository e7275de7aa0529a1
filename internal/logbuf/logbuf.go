// Package logbuf batches log output: a busy server writes one access-log
// line per request, and one write system call each would cost as much as
// answering the request.
package logbuf

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// Writer buffers writes and flushes them every interval, when the buffer
// fills, and on Close. A crash loses at most one interval of log lines.
type Writer struct {
	mu   sync.Mutex
	buf  *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

// New starts a Writer over w flushing every interval.
func New(w io.Writer, interval time.Duration) *Writer {
	b := &Writer{buf: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go b.loop(interval)
	return b
}

func (b *Writer) loop(interval time.Duration) {
	defer close(b.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			b.Flush()
		case <-b.stop:
			b.Flush()
			return
		}
	}
}

// Write keeps p whole in the buffer (a line is never split by a flush).
func (b *Writer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Available() < len(p) {
		_ = b.buf.Flush()
	}
	return b.buf.Write(p)
}

// Flush writes out what is buffered.
func (b *Writer) Flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	_ = b.buf.Flush()
}

// Close flushes and stops the timer.
func (b *Writer) Close() error {
	close(b.stop)
	<-b.done
	return nil
}

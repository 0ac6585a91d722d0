package unload

import (
	"sync"
	"time"
)

// The buffers of consumed files are kept for the next files to download,
// by this Reader or the next one. Fresh memory is not free: the kernel
// maps it in page by page on first touch, which in virtual machines can
// cost as much as decoding the file. The pool is bounded, and it empties
// itself when no file was returned to it for a while, so that a process
// that read one result does not keep its buffers.
const (
	poolBytes   = 64 << 20    // the most bytes the pool keeps
	poolMinSize = 1 << 20     // smaller buffers are not worth keeping
	poolIdle    = time.Second // the pool empties after this long without a put: a read returns its files continuously
)

var pool bufferPool

// bufferPool is a bounded set of byte slices for reuse.
type bufferPool struct {
	mu    sync.Mutex
	bufs  [][]byte    // guarded by mu
	bytes int         // the capacity of bufs, guarded by mu
	timer *time.Timer // empties the pool; guarded by mu
}

// get returns a slice of length n: a pooled one with room enough, the
// smallest such, or a new one. Its bytes are not cleared.
func (p *bufferPool) get(n int) []byte {
	p.mu.Lock()
	best := -1
	for i, b := range p.bufs {
		if cap(b) >= n && (best < 0 || cap(b) < cap(p.bufs[best])) {
			best = i
		}
	}
	if best >= 0 {
		b := p.bufs[best]
		p.bufs[best] = p.bufs[len(p.bufs)-1]
		p.bufs = p.bufs[:len(p.bufs)-1]
		p.bytes -= cap(b)
		p.mu.Unlock()
		return b[:n]
	}
	p.mu.Unlock()
	return make([]byte, n)
}

// put returns b, which its owner no longer uses, to the pool.
func (p *bufferPool) put(b []byte) {
	if cap(b) < poolMinSize || cap(b) > poolBytes {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	// Make room by dropping the smallest buffers.
	for p.bytes+cap(b) > poolBytes && len(p.bufs) > 0 {
		small := 0
		for i := range p.bufs {
			if cap(p.bufs[i]) < cap(p.bufs[small]) {
				small = i
			}
		}
		p.bytes -= cap(p.bufs[small])
		p.bufs[small] = p.bufs[len(p.bufs)-1]
		p.bufs = p.bufs[:len(p.bufs)-1]
	}
	p.bufs = append(p.bufs, b)
	p.bytes += cap(b)
	if p.timer == nil {
		p.timer = time.AfterFunc(poolIdle, p.clear)
	} else {
		p.timer.Reset(poolIdle)
	}
}

// clear empties the pool.
func (p *bufferPool) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	clear(p.bufs)
	p.bufs, p.bytes = p.bufs[:0], 0
}

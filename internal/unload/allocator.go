package unload

import (
	"math/bits"
	"sync"
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// recycler is the default allocator of a Reader's records: large buffers
// that a released record frees come back for the next records. Fresh
// memory costs a page fault per page on first touch (as much as decoding,
// in virtual machines), and a program with a small heap collects, and hands
// pages back, often. Buffers are zeroed on reuse, as fresh ones are.
type recycler struct {
	mu    sync.Mutex // guards free, bytes
	free  map[int][][]byte
	bytes int
}

const (
	recycleMin   = 64 << 10 // smaller buffers come from the Go allocator
	recycleBytes = 64 << 20 // the most bytes kept for reuse
	alignment    = 64       // arrow's buffer alignment
)

var _ memory.Allocator = (*recycler)(nil)

func newRecycler() *recycler { return &recycler{free: map[int][][]byte{}} }

// class rounds size up to a power of two.
func class(size int) int { return 1 << bits.Len(uint(size-1)) }

func (r *recycler) Allocate(size int) []byte {
	if size < recycleMin {
		return memory.DefaultAllocator.Allocate(size)
	}
	c := class(size)
	r.mu.Lock()
	if list := r.free[c]; len(list) > 0 {
		b := list[len(list)-1]
		r.free[c] = list[:len(list)-1]
		r.bytes -= c
		r.mu.Unlock()
		b = b[:size]
		clear(b)
		return b
	}
	r.mu.Unlock()
	return aligned(c)[:size]
}

func (r *recycler) Reallocate(size int, b []byte) []byte {
	if cap(b) >= size {
		return b[:size]
	}
	nb := r.Allocate(size)
	copy(nb, b)
	r.Free(b)
	return nb
}

func (r *recycler) Free(b []byte) {
	c := cap(b)
	if c < recycleMin || c != class(c) {
		return // not one of ours: the garbage collector takes it
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bytes+c > recycleBytes {
		return
	}
	r.free[c] = append(r.free[c], b[:0])
	r.bytes += c
}

// aligned returns a 64-byte aligned slice of length and capacity n.
func aligned(n int) []byte {
	buf := make([]byte, n+alignment)
	shift := 0
	if rem := int(uintptr(unsafePointer(buf)) % alignment); rem != 0 {
		shift = alignment - rem
	}
	return buf[shift : shift+n : shift+n]
}

func unsafePointer(b []byte) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(b)) }

package unload

import (
	"testing"
	"unsafe"
)

func TestRecyclerReusesZeroedAlignedBuffers(t *testing.T) {
	r := newRecycler()
	b := r.Allocate(100 << 10)
	if len(b) != 100<<10 || cap(b) != 128<<10 || uintptr(unsafe.Pointer(unsafe.SliceData(b)))%alignment != 0 {
		t.Fatalf("len %d cap %d, aligned %v", len(b), cap(b), uintptr(unsafe.Pointer(unsafe.SliceData(b)))%alignment == 0)
	}
	for i := range b {
		b[i] = 0xff
	}
	first := unsafe.SliceData(b)
	r.Free(b)
	c := r.Allocate(90 << 10) // same class
	if unsafe.SliceData(c) != first {
		t.Error("a freed buffer of the same class was not reused")
	}
	for i, v := range c {
		if v != 0 {
			t.Fatalf("reused buffer not zeroed at %d", i)
		}
	}
	// Small buffers are the Go allocator's; Reallocate keeps what fits.
	if s := r.Allocate(10); len(s) != 10 {
		t.Errorf("small Allocate len %d", len(s))
	}
	if g := r.Reallocate(80<<10, c); unsafe.SliceData(g) != first || len(g) != 80<<10 {
		t.Error("Reallocate within the capacity moved the buffer")
	}
}

func TestRecyclerKeepsAtMostItsBudget(t *testing.T) {
	r := newRecycler()
	var bufs [][]byte
	for range 2 * recycleBytes / (1 << 20) {
		bufs = append(bufs, r.Allocate(1<<20))
	}
	for _, b := range bufs {
		r.Free(b)
	}
	if r.bytes > recycleBytes {
		t.Errorf("kept %d bytes, budget %d", r.bytes, recycleBytes)
	}
	r.Free(make([]byte, 100<<10)) // not a class size: left to the GC
	if r.bytes > recycleBytes {
		t.Errorf("kept %d bytes after a foreign buffer", r.bytes)
	}
}

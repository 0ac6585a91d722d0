package unload

import "testing"

func TestBufferPool(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		name string
		put  []int // capacities returned, in order
		get  int   // length asked for
		want int   // capacity received; 0 for a new slice
		left int   // buffers left in the pool
	}{
		{"empty pool", nil, 2 * mb, 0, 0},
		{"smallest that fits", []int{8 * mb, 3 * mb, 2 * mb}, 3 * mb, 3 * mb, 2},
		{"none fits", []int{2 * mb}, 3 * mb, 0, 1},
		{"small buffers are not kept", []int{mb / 2}, mb / 4, 0, 0},
		{"over budget drops the smallest", []int{poolBytes / 2, 2 * mb, poolBytes / 2}, 2 * mb, poolBytes / 2, 1},
		{"larger than the budget", []int{poolBytes + mb}, mb, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p bufferPool
			defer p.clear()
			for _, c := range tc.put {
				p.put(make([]byte, 0, c))
			}
			b := p.get(tc.get)
			if len(b) != tc.get {
				t.Errorf("len %d, want %d", len(b), tc.get)
			}
			if tc.want != 0 && cap(b) != tc.want {
				t.Errorf("cap %d, want a pooled %d", cap(b), tc.want)
			}
			if tc.want == 0 && cap(b) != tc.get {
				t.Errorf("cap %d, want a new slice of %d", cap(b), tc.get)
			}
			if len(p.bufs) != tc.left {
				t.Errorf("%d buffers left, want %d", len(p.bufs), tc.left)
			}
			total := 0
			for _, b := range p.bufs {
				total += cap(b)
			}
			if total != p.bytes || total > poolBytes {
				t.Errorf("pool holds %d bytes, counts %d", total, p.bytes)
			}
			p.clear()
			if len(p.bufs) != 0 || p.bytes != 0 {
				t.Errorf("clear left %d buffers", len(p.bufs))
			}
		})
	}
}

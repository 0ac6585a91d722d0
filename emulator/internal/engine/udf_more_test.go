package engine

import (
	"encoding/binary"
	"math"
	"testing"
)

// TestMurmur3MatchesSMHasherVerification checks murmur3x64 against the
// verification value that SMHasher publishes for MurmurHash3_x64_128: hash
// the keys {}, {0}, {0, 1}, ... {0..254} with seeds 256, 255, ... 2,
// concatenate the digests, hash that with seed 0 and read the first four
// bytes little-endian.
func TestMurmur3MatchesSMHasherVerification(t *testing.T) {
	key := make([]byte, 0, 256)
	var all []byte
	for i := range 256 {
		h1, h2 := murmur3x64(key, uint32(256-i))
		all = binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(all, h1), h2)
		key = append(key, byte(i))
	}
	h1, _ := murmur3x64(all, 0)
	if got := uint32(h1); got != 0x6384BA69 {
		t.Errorf("verification value %#x, want 0x6384BA69", got)
	}
}

func TestBetaFunctions(t *testing.T) {
	tests := []struct {
		name    string
		a, b, v float64
		want    float64
	}{
		{"uniform", 1, 1, 0.3, 0.3},
		{"symmetric middle", 2, 2, 0.5, 0.5},
		{"a=2 b=1 is v squared", 2, 1, 0.6, 0.36},
		{"a=1 b=3", 1, 3, 0.5, 1 - 0.125},
		{"a=3 b=2 upper side", 3, 2, 0.9, 4*math.Pow(0.9, 3) - 3*math.Pow(0.9, 4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := betaCDF([]float64{tt.a, tt.b, tt.v})
			if err != nil || math.Abs(got-tt.want) > 1e-14 {
				t.Errorf("beta_cdf(%v, %v, %v) = %v, %v; want %v", tt.a, tt.b, tt.v, got, err, tt.want)
			}
			inv, err := inverseBetaCDF([]float64{tt.a, tt.b, tt.want})
			if err != nil || math.Abs(inv-tt.v) > 1e-12 {
				t.Errorf("inverse_beta_cdf(%v, %v, %v) = %v, %v; want %v", tt.a, tt.b, tt.want, inv, err, tt.v)
			}
		})
	}
	if _, err := betaCDF([]float64{0, 1, 0.5}); err == nil {
		t.Error("beta_cdf with a = 0 succeeded")
	}
}

package protocol

import (
	"encoding/json"
	"testing"
	"time"
)

func TestTimeMarshalsAsJavaDoubleEpochSeconds(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want string
	}{
		{"milliseconds", time.UnixMilli(1764025983123), "1.764025983123E9"},
		{"whole seconds", time.Unix(1764025983, 0), "1.764025983E9"},
		{"tenths", time.UnixMilli(1764025983100), "1.7640259831E9"},
		{"a power of ten keeps one fraction digit", time.Unix(1000000000, 0), "1.0E9"},
		{"sub-millisecond digits are truncated", time.Unix(1764025983, 123999999), "1.764025983123E9"},
		{"the epoch", time.Unix(0, 0), "0.0"},
		{"plain notation below 1e7", time.UnixMilli(1234500), "1234.5"},
		{"1e7 switches to exponent", time.Unix(10000000, 0), "1.0E7"},
		{"one millisecond", time.UnixMilli(1), "0.001"},
		{"before the epoch", time.UnixMilli(-1500), "-1.5"},
		{"far before the epoch", time.Unix(-20000000, 0), "-2.0E7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(NewTime(tt.t))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestFormatJavaDoubleSpecialValues(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{1e-4, "1.0E-4"},
		{0.0005, "5.0E-4"},
		{1.5e20, "1.5E20"},
		{2, "2.0"},
		{9999999, "9999999.0"},
	}
	for _, tt := range tests {
		if got := formatJavaDouble(tt.f); got != tt.want {
			t.Errorf("formatJavaDouble(%v) = %s, want %s", tt.f, got, tt.want)
		}
	}
}

func TestTimeUnmarshalAcceptsBothNotations(t *testing.T) {
	tests := []struct {
		in     string
		wantMS int64
	}{
		{"1.764025983123E9", 1764025983123},
		{"1764025983.123", 1764025983123},
		{"1.7E9", 1700000000000},
		{"1565649050.175", 1565649050175},
		{"1565649056.6229999", 1565649056623}, // doc example; rounds to the millisecond
		{"1764025983", 1764025983000},
		{"1.764025983123e+09", 1764025983123},
		{"0.0", 0},
	}
	for _, tt := range tests {
		var got Time
		if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if got.UnixMilli() != tt.wantMS {
			t.Errorf("%s: got %d ms, want %d", tt.in, got.UnixMilli(), tt.wantMS)
		}
	}
}

func TestTimeUnmarshalRejectsNonNumbers(t *testing.T) {
	for _, in := range []string{`"1.7E9"`, `true`, `{}`, `1e300`} {
		var got Time
		if err := json.Unmarshal([]byte(in), &got); err == nil {
			t.Errorf("%s: no error, got %v", in, got)
		}
	}
}

func TestTimeUnmarshalNullLeavesZero(t *testing.T) {
	var got Time
	if err := json.Unmarshal([]byte("null"), &got); err != nil || !got.IsZero() {
		t.Errorf("got %v, %v", got, err)
	}
}

func TestTimeRoundTrips(t *testing.T) {
	in := NewTime(time.UnixMilli(1764025983123))
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Time
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if !out.Equal(in.Time) {
		t.Errorf("got %v, want %v", out, in)
	}
}

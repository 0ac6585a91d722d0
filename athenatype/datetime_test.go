package athenatype

import (
	"testing"
	"time"
)

func TestDateAndTime(t *testing.T) {
	d, err := ParseDate("2026-09-17")
	if err != nil || d != (Date{2026, time.September, 17}) || d.String() != "2026-09-17" {
		t.Errorf("ParseDate = %v, %v", d, err)
	}
	for _, bad := range []string{"2026-9-17", "2026-09-31", "2025-02-29", "26-09-17", "2026-09-17 ", ""} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q): no error", bad)
		}
	}
	if got := DateOf(time.Date(2026, 1, 2, 23, 0, 0, 0, time.FixedZone("x", -3600))); got != (Date{2026, 1, 2}) {
		t.Errorf("DateOf = %v", got)
	}
	if got := (Date{2026, 1, 2}).In(time.UTC); !got.Equal(time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("In = %v", got)
	}
	if (Date{2024, 2, 29}).IsValid() != true || (Date{2023, 2, 29}).IsValid() || (Date{2023, 13, 1}).IsValid() {
		t.Error("IsValid")
	}
	if got := (Date{5, 1, 1}).String(); got != "0005-01-01" {
		t.Errorf("Date.String = %s", got)
	}

	tm, err := ParseTime("12:34:56.789")
	if err != nil || tm != (Time{12, 34, 56, 789000000}) || tm.String() != "12:34:56.789" {
		t.Errorf("ParseTime = %v, %v", tm, err)
	}
	for _, bad := range []string{"12:34", "12:60:00", "1:02:03", "12:34:56.", "12:34:56.1234567890123", "12:34:56Z"} {
		if _, err := ParseTime(bad); err == nil {
			t.Errorf("ParseTime(%q): no error", bad)
		}
	}
	if got := TimeOf(time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)); got != (Time{3, 4, 5, 6}) || got.String() != "03:04:05.000000006" {
		t.Errorf("TimeOf = %v", got)
	}
}

func TestMonths(t *testing.T) {
	for _, tt := range []struct {
		text string
		m    Months
	}{{"0-0", 0}, {"1-0", 12}, {"0-3", 3}, {"1-2", 14}, {"-0-3", -3}, {"-1-11", -23}, {"178956970-7", 2147483647}, {"-178956970-8", -2147483648}} {
		m, err := ParseMonths(tt.text)
		if err != nil || m != tt.m || m.String() != tt.text {
			t.Errorf("ParseMonths(%q) = %d (%s), %v; want %d", tt.text, m, m, err, tt.m)
		}
	}
	for _, bad := range []string{"", "1", "1-", "-1", "1-12", "178956970-8", "a-b", "1--2", "+1-2"} {
		if _, err := ParseMonths(bad); err == nil {
			t.Errorf("ParseMonths(%q): no error", bad)
		}
	}
}

func TestUUID(t *testing.T) {
	u, err := ParseUUID("12151FD2-7586-11e9-8f9e-2a86e4085a59")
	if err != nil || u.String() != "12151fd2-7586-11e9-8f9e-2a86e4085a59" {
		t.Errorf("ParseUUID = %v, %v", u, err)
	}
	var v UUID
	text, _ := u.MarshalText()
	if err := v.UnmarshalText(text); err != nil || v != u {
		t.Errorf("text round trip: %v %v", v, err)
	}
	for _, bad := range []string{"", "12151fd2758611e98f9e2a86e4085a59", "12151fd2-7586-11e9-8f9e-2a86e4085a5g", "{12151fd2-7586-11e9-8f9e-2a86e4085a59}"} {
		if _, err := ParseUUID(bad); err == nil {
			t.Errorf("ParseUUID(%q): no error", bad)
		}
	}
}

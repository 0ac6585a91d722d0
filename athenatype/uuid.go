package athenatype

import (
	"errors"
	"fmt"
)

// UUID is the Go value of Athena's uuid type: 16 bytes in the order of the
// canonical text.
type UUID [16]byte

// ParseUUID parses the canonical 8-4-4-4-12 hexadecimal form, in either
// case: "12151fd2-7586-11e9-8f9e-2a86e4085a59".
func ParseUUID(s string) (UUID, error) {
	u, ok := parseUUID(s)
	if !ok {
		return UUID{}, fmt.Errorf("athenatype: uuid %q: want xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", truncate(s))
	}
	return u, nil
}

// String returns the canonical lowercase form.
func (u UUID) String() string {
	return string(u.appendText(nil))
}

// MarshalText implements encoding.TextMarshaler with the canonical form.
func (u UUID) MarshalText() ([]byte, error) {
	return u.appendText(nil), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseUUID.
func (u *UUID) UnmarshalText(text []byte) error {
	v, err := ParseUUID(string(text))
	if err != nil {
		return err
	}
	*u = v
	return nil
}

const hexDigits = "0123456789abcdef"

func (u UUID) appendText(b []byte) []byte {
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return b
}

func parseUUID(s string) (UUID, bool) {
	var u UUID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return u, false
	}
	j := 0
	for i := 0; i < 36; {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			i++
			continue
		}
		hi, ok1 := fromHex(s[i])
		lo, ok2 := fromHex(s[i+1])
		if !ok1 || !ok2 {
			return UUID{}, false
		}
		u[j] = hi<<4 | lo
		j++
		i += 2
	}
	return u, true
}

func decodeUUID(s string) (any, error) {
	u, ok := parseUUID(s)
	if !ok {
		return nil, errors.New("want xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
	}
	return u, nil
}

func fromHex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

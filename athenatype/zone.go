package athenatype

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Time zones are loaded once and cached for the life of the process.
//
// This package does not import time/tzdata: that would add about 450 KB to
// every program that uses athenaq. On systems without a zoneinfo database
// (minimal containers, Windows without Go installed), a program that reads
// timestamp with time zone values in named zones should import
// _ "time/tzdata" itself or build with -tags timetzdata; until it does,
// such values fail to decode with an error that says so. UTC and numeric
// offsets never need the database.
var zoneCache struct {
	sync.RWMutex
	m map[string]*time.Location
}

// maxCachedZones bounds the cache against a server that sends endless
// distinct offsets; beyond it zones are still resolved, just not kept.
const maxCachedZones = 1024

// zoneAfter resolves the zone that follows a date-time at s[n:], after one
// optional space.
func zoneAfter(s string, n int) (*time.Location, error) {
	zone := strings.TrimPrefix(s[n:], " ")
	if zone == "" {
		return nil, errors.New("missing time zone")
	}
	return loadZone(zone)
}

// loadZone returns the location for an Athena zone: "UTC", an IANA name or
// an offset such as "+05:30". It never returns time.Local.
func loadZone(name string) (*time.Location, error) {
	if name == "UTC" || name == "Z" {
		return time.UTC, nil
	}
	zoneCache.RLock()
	loc := zoneCache.m[name]
	zoneCache.RUnlock()
	if loc != nil {
		return loc, nil
	}
	// name may be a view of a caller's buffer (Decoder.DecodeBytes), and
	// both the cache and time.LoadLocation's Location keep it.
	name = strings.Clone(name)
	loc, err := resolveZone(name)
	if err != nil {
		return nil, err
	}
	zoneCache.Lock()
	if zoneCache.m == nil {
		zoneCache.m = make(map[string]*time.Location)
	}
	if len(zoneCache.m) < maxCachedZones {
		zoneCache.m[name] = loc
	}
	zoneCache.Unlock()
	return loc, nil
}

func resolveZone(name string) (*time.Location, error) {
	if name[0] == '+' || name[0] == '-' {
		secs, ok := parseOffset(name)
		if !ok {
			return nil, fmt.Errorf("invalid zone offset %q: want ±HH:MM", truncate(name))
		}
		return time.FixedZone(formatOffset(secs), secs), nil
	}
	// time.LoadLocation("Local") is time.Local, which must never leak in.
	if name == "Local" {
		return nil, errors.New(`time zone "Local" is not an Athena zone`)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q (if the zone is real, the system has no zoneinfo database: "+
			"import _ \"time/tzdata\" in the program): %w", truncate(name), err)
	}
	return loc, nil
}

// parseOffset parses ±HH:MM, ±HHMM or ±HH into seconds east of UTC.
func parseOffset(s string) (int, bool) {
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	s = s[1:]
	h, ok := twoDigits(s)
	if !ok || h > 18 {
		return 0, false
	}
	s = s[2:]
	m := 0
	switch {
	case s == "":
	case len(s) == 3 && s[0] == ':':
		m, ok = twoDigits(s[1:])
	case len(s) == 2:
		m, ok = twoDigits(s)
	default:
		ok = false
	}
	if !ok || m > 59 {
		return 0, false
	}
	return sign * (h*3600 + m*60), true
}

// formatOffset formats seconds east of UTC as ±HH:MM, as Trino prints
// offsets.
func formatOffset(secs int) string {
	b := make([]byte, 0, 6)
	if secs < 0 {
		b = append(b, '-')
		secs = -secs
	} else {
		b = append(b, '+')
	}
	b = appendTwo(b, secs/3600)
	b = append(b, ':')
	b = appendTwo(b, secs/60%60)
	return string(b)
}

package emulator

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/protocol"
)

// Page tokens are opaque to clients. Ours are base64 of a fixed-width text
// naming what they page and where to resume, padded so that their length
// looks like Athena's (120 characters of standard base64, FACTS §2.8).
const tokenPrefix = "athenaq-emulator:"

// encodeToken returns the token that resumes listing kind at position pos
// (an index, or a byte offset for result files) after row row.
func encodeToken(kind string, pos, row int64) string {
	raw := fmt.Sprintf("%s%s:%d:%d:", tokenPrefix, kind, pos, row)
	if len(raw) < 90 {
		raw += strings.Repeat("~", 90-len(raw))
	}
	return base64.StdEncoding.EncodeToString([]byte(raw))
}

// decodeToken parses a token of kind, reporting false for anything that is
// not one.
func decodeToken(kind, token string) (pos, row int64, ok bool) {
	b, err := base64.StdEncoding.DecodeString(token)
	if err != nil {
		return 0, 0, false
	}
	rest, found := strings.CutPrefix(string(b), tokenPrefix+kind+":")
	if !found {
		return 0, 0, false
	}
	parts := strings.SplitN(rest, ":", 3)
	if len(parts) != 3 || strings.Trim(parts[2], "~") != "" {
		return 0, 0, false
	}
	pos, err1 := strconv.ParseInt(parts[0], 10, 64)
	row, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil || pos < 0 || row < 0 {
		return 0, 0, false
	}
	return pos, row, true
}

// paginate returns one page of items and the token of the next, for the
// List* operations. def is the page size when maxResults is absent (or 0).
func paginate[T any](items []T, token string, maxResults *int32, def int, kind string) ([]T, string, *protocol.Error) {
	start := 0
	if token != "" {
		pos, _, ok := decodeToken(kind, token)
		if !ok || pos > int64(len(items)) {
			return nil, "", protocol.InvalidRequest("INVALID_INPUT", "The nextPageToken is malformed: "+token)
		}
		start = int(pos)
	}
	n := def
	if maxResults != nil && *maxResults > 0 {
		n = int(*maxResults)
	}
	end := min(start+n, len(items))
	page := append(make([]T, 0, end-start), items[start:end]...)
	next := ""
	if end < len(items) {
		next = encodeToken(kind, int64(end), 0)
	}
	return page, next, nil
}

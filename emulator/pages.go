package emulator

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"

	"github.com/athenaq/athenaq/emulator/internal/protocol"
)

// Page tokens are opaque to clients and tamper-evident: a token is the
// position to resume at (an index, or a byte offset and a row number for
// result files) followed by an HMAC-SHA256 of that position and what it
// pages, under a key of the server's. A token that was altered, made up, or
// issued for another listing fails to verify and gets Athena's error for a
// malformed token. With DataDir the key is kept in DataDir/pagetoken.key,
// so that tokens survive a restart as the results they page do; without
// it, a new key is drawn at every start. Tokens are 64 characters of
// standard base64 (Athena's are about 100 to 120, FACTS §2.4, §2.8).
type pageTokens struct {
	key []byte
}

// pageKeyFile holds the token key under DataDir.
const pageKeyFile = "pagetoken.key"

// newPageTokens returns the signer of a server: with a key read from
// dataDir, or made there, or drawn for this run when dataDir is empty.
func newPageTokens(dataDir string) (*pageTokens, error) {
	if dataDir == "" {
		key := make([]byte, 32)
		rand.Read(key)
		return &pageTokens{key: key}, nil
	}
	path := filepath.Join(dataDir, pageKeyFile)
	if key, err := os.ReadFile(path); err == nil && len(key) == 32 {
		return &pageTokens{key: key}, nil
	}
	key := make([]byte, 32)
	rand.Read(key)
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("emulator: page token key: %w", err)
	}
	if err := writeFileAtomic(path, key); err != nil {
		return nil, fmt.Errorf("emulator: page token key: %w", err)
	}
	return &pageTokens{key: key}, nil
}

// encode returns the token that resumes listing kind at position pos (an
// index, or a byte offset for result files) after row row.
func (p *pageTokens) encode(kind string, pos, row int64) string {
	b := make([]byte, 16, 16+sha256.Size)
	binary.BigEndian.PutUint64(b, uint64(pos))
	binary.BigEndian.PutUint64(b[8:], uint64(row))
	return base64.RawStdEncoding.EncodeToString(append(b, p.mac(kind, b)...))
}

// decode verifies a token of kind and returns its position, reporting
// false for anything this server did not issue for kind.
func (p *pageTokens) decode(kind, token string) (pos, row int64, ok bool) {
	b, err := base64.RawStdEncoding.DecodeString(token)
	if err != nil || len(b) != 16+sha256.Size || !hmac.Equal(b[16:], p.mac(kind, b[:16])) {
		return 0, 0, false
	}
	pos, row = int64(binary.BigEndian.Uint64(b)), int64(binary.BigEndian.Uint64(b[8:]))
	if pos < 0 || row < 0 {
		return 0, 0, false
	}
	return pos, row, true
}

func (p *pageTokens) mac(kind string, position []byte) []byte {
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write(position)
	return m.Sum(nil)
}

// paginate returns one page of items and the token of the next, for the
// List* operations. def is the page size when maxResults is absent (or 0).
func paginate[T any](tokens *pageTokens, items []T, token string, maxResults *int32, def int, kind string) ([]T, string, *protocol.Error) {
	start := 0
	if token != "" {
		pos, _, ok := tokens.decode(kind, token)
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
		next = tokens.encode(kind, int64(end), 0)
	}
	return page, next, nil
}

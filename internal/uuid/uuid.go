// Package uuid makes random (version 4) UUIDs in their lowercase text form,
// for query ids, request ids and idempotency tokens.
//
//	id := uuid.NewV4() // "3b241101-e2bb-4255-8caf-4136c566a962"
package uuid

import (
	"crypto/rand"
	"fmt"
)

// NewV4 returns a random version 4 UUID, lowercase, 36 characters.
func NewV4() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Package secret seals small records, such as the identity of a tố cáo's
// author, with AES-256-GCM under the unit's key (DANCHU_SECRET_KEY), so that
// a copy of the database alone does not reveal them (LAW.md, "Petitions").
//
// A sealed record is
//
//	version (1 byte) | nonce (12 bytes, random) | ciphertext and tag
//
// The version byte says which key and format sealed it, so a later key can
// be added beside this one and old records still open. It is authenticated
// with the caller's associated data, which binds a record to its place (a
// petition id): a record copied to another row does not open.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
)

// KeySize is the length of a key in bytes (AES-256).
const KeySize = 32

// version1 is the first and only format: AES-256-GCM, 12-byte random nonce.
const version1 byte = 1

// ErrOpen is returned when a record does not open: it was changed, it was
// sealed under another key, or its associated data differs. The error says
// nothing more, on purpose.
var ErrOpen = errors.New("secret: the record does not open (changed, another key, or another place)")

// Box seals and opens records under one key. It is safe for concurrent use.
type Box struct {
	aead cipher.AEAD
}

// NewBox returns a box for a 32-byte key.
func NewBox(key []byte) (*Box, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("secret: the key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	return &Box{aead: aead}, nil
}

// Seal encrypts plaintext bound to associatedData, under a fresh random nonce.
func (b *Box) Seal(plaintext, associatedData []byte) ([]byte, error) {
	ns := b.aead.NonceSize()
	out := make([]byte, 1+ns, 1+ns+len(plaintext)+b.aead.Overhead())
	out[0] = version1
	if _, err := rand.Read(out[1 : 1+ns]); err != nil {
		return nil, fmt.Errorf("secret: nonce: %w", err)
	}
	return b.aead.Seal(out, out[1:1+ns], plaintext, header(out[0], associatedData)), nil
}

// Open decrypts a record made by Seal with the same associated data. It
// returns ErrOpen when the record was changed, sealed under another key or
// bound to other data, and an error naming the version when it is unknown.
func (b *Box) Open(ciphertext, associatedData []byte) ([]byte, error) {
	ns := b.aead.NonceSize()
	if len(ciphertext) == 0 {
		return nil, ErrOpen
	}
	if v := ciphertext[0]; v != version1 {
		return nil, fmt.Errorf("secret: unknown record version %d", v)
	}
	if len(ciphertext) < 1+ns+b.aead.Overhead() {
		return nil, ErrOpen
	}
	plain, err := b.aead.Open(nil, ciphertext[1:1+ns], ciphertext[1+ns:], header(ciphertext[0], associatedData))
	if err != nil {
		return nil, ErrOpen
	}
	return plain, nil
}

// header is what GCM authenticates besides the ciphertext: the version byte,
// so that it cannot be changed, then the caller's data.
func header(version byte, associatedData []byte) []byte {
	h := make([]byte, 0, 1+len(associatedData))
	return append(append(h, version), associatedData...)
}

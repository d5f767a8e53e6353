package secret

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ParseKey reads a key written in base64, standard or URL alphabet, with or
// without padding; it must decode to 32 bytes. The error never repeats the
// text, which may be a real key with a typo.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("secret: the key is empty: give 32 random bytes in base64 (for example: openssl rand -base64 32)")
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		key, err := enc.DecodeString(s)
		if err != nil {
			continue
		}
		if len(key) != KeySize {
			return nil, fmt.Errorf("secret: the key decodes to %d bytes, it must be %d (for example: openssl rand -base64 32)", len(key), KeySize)
		}
		return key, nil
	}
	return nil, errors.New("secret: the key is not base64: give 32 random bytes in base64 (for example: openssl rand -base64 32)")
}

// NewKey returns a new random key.
func NewKey() ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("secret: new key: %w", err)
	}
	return key, nil
}

// EncodeKey writes a key as ParseKey reads it (standard base64).
func EncodeKey(key []byte) string { return base64.StdEncoding.EncodeToString(key) }

// LoadOrCreateKeyFile reads the key stored at path, or, when there is no
// file, creates one readable by its owner only (0600) holding a new key in
// base64, and reports created. The embedded shape keeps its key beside the
// database this way; losing the file loses every sealed record, so the
// caller warns when it was created.
func LoadOrCreateKeyFile(path string) (key []byte, created bool, err error) {
	key, err = readKeyFile(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, false, err
	}
	key, err = NewKey()
	if err != nil {
		return nil, false, err
	}
	// Write a whole file aside, then link it in place: a reader never sees a
	// half-written key, and of two processes starting together one wins and
	// the other reads the winner's key.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".danchu-key-*")
	if err != nil {
		return nil, false, fmt.Errorf("secret: create key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	werr := tmp.Chmod(0o600)
	if werr == nil {
		_, werr = tmp.WriteString(EncodeKey(key) + "\n")
	}
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return nil, false, fmt.Errorf("secret: write key file: %w", werr)
	}
	if err := os.Link(tmp.Name(), path); errors.Is(err, fs.ErrExist) {
		key, err = readKeyFile(path)
		return key, false, err
	} else if err != nil {
		return nil, false, fmt.Errorf("secret: create key file: %w", err)
	}
	return key, true, nil
}

func readKeyFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("secret: read key file: %w", err)
	}
	key, err := ParseKey(string(data))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return key, nil
}

package secret_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"danchu/secret"
)

func mustKey(tb testing.TB) []byte {
	tb.Helper()
	key, err := secret.NewKey()
	if err != nil {
		tb.Fatal(err)
	}
	return key
}

func mustBox(tb testing.TB, key []byte) *secret.Box {
	tb.Helper()
	b, err := secret.NewBox(key)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustSeal(tb testing.TB, b *secret.Box, plain, ad string) []byte {
	tb.Helper()
	sealed, err := b.Seal([]byte(plain), []byte(ad))
	if err != nil {
		tb.Fatal(err)
	}
	return sealed
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	b := mustBox(t, mustKey(t))
	for _, plain := range []string{"", "Nguyễn Văn An, 0912345678", strings.Repeat("x", 10000)} {
		sealed := mustSeal(t, b, plain, "petition:1")
		if plain != "" && bytes.Contains(sealed, []byte(plain)) {
			t.Fatalf("the sealed record holds the plaintext")
		}
		got, err := b.Open(sealed, []byte("petition:1"))
		if err != nil || string(got) != plain {
			t.Fatalf("Open = %q, %v; want %q", got, err, plain)
		}
	}
	// A fresh nonce each time: the same record never seals the same twice.
	if bytes.Equal(mustSeal(t, b, "same", "ad"), mustSeal(t, b, "same", "ad")) {
		t.Fatal("two seals of the same plaintext are equal")
	}
	if v := mustSeal(t, b, "x", "")[0]; v != 1 {
		t.Fatalf("version byte = %d, want 1", v)
	}
}

func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	key := mustKey(t)
	b := mustBox(t, key)
	sealed := mustSeal(t, b, "Trần Thị Bình, Tiểu khu 3", "petition:7")
	flip := func(i int) []byte {
		c := bytes.Clone(sealed)
		c[i] ^= 0x01
		return c
	}
	tests := []struct {
		name       string
		box        *secret.Box
		ciphertext []byte
		ad         string
		err        error
	}{
		{"a changed ciphertext byte", b, flip(len(sealed) - 20), "petition:7", secret.ErrOpen},
		{"a changed tag byte", b, flip(len(sealed) - 1), "petition:7", secret.ErrOpen},
		{"a changed nonce byte", b, flip(1), "petition:7", secret.ErrOpen},
		{"a cut record", b, sealed[:len(sealed)-1], "petition:7", secret.ErrOpen},
		{"too short to hold a nonce", b, sealed[:5], "petition:7", secret.ErrOpen},
		{"empty", b, nil, "petition:7", secret.ErrOpen},
		{"another key", mustBox(t, mustKey(t)), sealed, "petition:7", secret.ErrOpen},
		{"other associated data", b, sealed, "petition:8", secret.ErrOpen},
		{"no associated data", b, sealed, "", secret.ErrOpen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.box.Open(tt.ciphertext, []byte(tt.ad))
			if !errors.Is(err, tt.err) || got != nil {
				t.Fatalf("Open = %q, %v; want %v", got, err, tt.err)
			}
		})
	}
	t.Run("an unknown version", func(t *testing.T) {
		c := bytes.Clone(sealed)
		c[0] = 2
		if _, err := b.Open(c, []byte("petition:7")); err == nil || !strings.Contains(err.Error(), "unknown record version 2") {
			t.Fatalf("Open(version 2) = %v", err)
		}
	})
}

func TestNewBoxNeeds32Bytes(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 16, 24, 31, 33} {
		if _, err := secret.NewBox(make([]byte, n)); err == nil || !strings.Contains(err.Error(), "must be 32 bytes") {
			t.Errorf("NewBox(%d bytes) = %v", n, err)
		}
	}
}

func TestParseKey(t *testing.T) {
	t.Parallel()
	key := bytes.Repeat([]byte{0xfb, 0xff, 0x3e}, 11)[:32] // bytes whose base64 differs between alphabets
	tests := []struct {
		name, in string
		err      string
	}{
		{"standard", base64.StdEncoding.EncodeToString(key), ""},
		{"standard, no padding", base64.RawStdEncoding.EncodeToString(key), ""},
		{"URL", base64.URLEncoding.EncodeToString(key), ""},
		{"URL, no padding", base64.RawURLEncoding.EncodeToString(key), ""},
		{"spaces and a newline around", "  " + base64.StdEncoding.EncodeToString(key) + "\n", ""},
		{"empty", "  ", "the key is empty"},
		{"16 bytes", base64.StdEncoding.EncodeToString(key[:16]), "decodes to 16 bytes, it must be 32"},
		{"not base64", "this is not a key!", "the key is not base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := secret.ParseKey(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("ParseKey(%q) = %v, want an error with %q", tt.in, err, tt.err)
				}
				if strings.Contains(err.Error(), strings.TrimSpace(tt.in)) && strings.TrimSpace(tt.in) != "" {
					t.Fatalf("the error repeats the key: %v", err)
				}
				return
			}
			if err != nil || !bytes.Equal(got, key) {
				t.Fatalf("ParseKey(%q) = %x, %v; want %x", tt.in, got, err, key)
			}
		})
	}
	if got, err := secret.ParseKey(secret.EncodeKey(key)); err != nil || !bytes.Equal(got, key) {
		t.Fatalf("ParseKey(EncodeKey(k)) = %x, %v", got, err)
	}
}

func TestKeyFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "danchu.key")
	key, created, err := secret.LoadOrCreateKeyFile(path)
	if err != nil || !created || len(key) != secret.KeySize {
		t.Fatalf("first LoadOrCreateKeyFile = %d bytes, created %v, %v", len(key), created, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Fatalf("key file mode = %o, want 600", perm)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if parsed, err := secret.ParseKey(string(data)); err != nil || !bytes.Equal(parsed, key) {
		t.Fatalf("the file does not hold the key in base64: %v", err)
	}

	again, created, err := secret.LoadOrCreateKeyFile(path)
	if err != nil || created || !bytes.Equal(again, key) {
		t.Fatalf("second LoadOrCreateKeyFile = created %v, same key %v, %v", created, bytes.Equal(again, key), err)
	}
	// What the first box sealed, a box from the reloaded key opens.
	sealed := mustSeal(t, mustBox(t, key), "Lê Văn Cường", "petition:1")
	if got, err := mustBox(t, again).Open(sealed, []byte("petition:1")); err != nil || string(got) != "Lê Văn Cường" {
		t.Fatalf("Open with the reloaded key = %q, %v", got, err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Fatalf("the directory holds %d files, want only the key", len(entries))
	}
}

func TestKeyFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.key")
	if err := os.WriteFile(bad, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := secret.LoadOrCreateKeyFile(bad); err == nil || !strings.Contains(err.Error(), "bad.key") || !strings.Contains(err.Error(), "not base64") {
		t.Fatalf("LoadOrCreateKeyFile(bad file) = %v", err)
	}
	if _, _, err := secret.LoadOrCreateKeyFile(filepath.Join(dir, "no", "such", "dir", "k")); err == nil {
		t.Fatal("LoadOrCreateKeyFile in a missing directory succeeded")
	}
}

// TestKeyFileConcurrentStart: replicas or a CLI starting beside the server
// must end with one key, not each their own.
func TestKeyFileConcurrentStart(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "danchu.key")
	const n = 8
	keys := make([][]byte, n)
	created := make([]bool, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { keys[i], created[i], errs[i] = secret.LoadOrCreateKeyFile(path) })
	}
	wg.Wait()
	creators := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if !bytes.Equal(keys[i], keys[0]) {
			t.Fatalf("caller %d got another key", i)
		}
		if created[i] {
			creators++
		}
	}
	if creators != 1 {
		t.Fatalf("%d callers report creating the key, want 1", creators)
	}
}

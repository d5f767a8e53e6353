package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The committed sim/apispec.json and its licence are what the generator
// makes from the shared api.json: run `go generate ./sim` when this fails.
func TestCommittedSpecIsFresh(t *testing.T) {
	src := filepath.Join("..", "..", "..", "..", "shared", "telegram", "api.json")
	if _, err := os.Stat(src); err != nil {
		t.Fatalf("the shared Bot API description is missing (%v): it lives in ../shared/telegram beside the repository", err)
	}
	out := filepath.Join(t.TempDir(), "apispec.json")
	if err := run(src, out); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"apispec.json", "LICENSE-api-json.txt"} {
		fresh, err := os.ReadFile(filepath.Join(filepath.Dir(out), name))
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(fresh, committed) {
			t.Errorf("sim/%s differs from the generator's output: run go generate ./sim", name)
		}
	}
}

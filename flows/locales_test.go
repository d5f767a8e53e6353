package flows

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/BurntSushi/toml"
)

// mustLocale reads a locale file as message id -> text.
func mustLocale(tb testing.TB, path string) map[string]string {
	tb.Helper()
	var raw map[string]any
	if _, err := toml.DecodeFile(path, &raw); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	out := map[string]string{}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			switch v := v.(type) {
			case string:
				out[prefix+k] = v
			case map[string]any:
				walk(prefix+k+".", v)
			default:
				tb.Errorf("%s: %s%s is a %T, want text", path, prefix, k, v)
			}
		}
	}
	walk("", raw)
	return out
}

// mustMessageIDs finds every msg constant in the package's code, and fails on
// a msg made from a literal in place (it would escape this check).
func mustMessageIDs(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		tb.Fatal(err)
	}
	var ids []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			tb.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if id, ok := n.Type.(*ast.Ident); ok && id.Name == "msg" {
					for _, v := range n.Values {
						lit, ok := v.(*ast.BasicLit)
						if !ok {
							tb.Errorf("%s: a msg constant that is not a literal", fset.Position(v.Pos()))
							continue
						}
						s, _ := strconv.Unquote(lit.Value)
						ids = append(ids, s)
					}
				}
			case *ast.CallExpr:
				if fn, ok := n.Fun.(*ast.Ident); ok && fn.Name == "msg" {
					tb.Errorf("%s: msg(...) in place: declare the id in messages.go", fset.Position(n.Pos()))
				}
			}
			return true
		})
	}
	if len(ids) < 50 {
		tb.Fatalf("found only %d message ids: is messages.go parsed?", len(ids))
	}
	return ids
}

// sampleData fills every template field the texts use.
var sampleData = map[string]any{
	"Unit": "thị trấn Hà Trung", "Level": "tiểu khu", "LevelTitle": "Tiểu khu",
	"Name": "Nguyễn Văn An", "Phone": "+84912345678", "Neighbourhood": "Tiểu khu 3",
	"Language": "Tiếng Việt", "Roles": "Người dân", "Role": "Cán bộ, công chức",
	"Since": "16/03/2026", "Created": "08:01 16/03/2026", "Updated": "08:02 16/03/2026",
	"Version": "2026-01", "At": "08:03 16/03/2026", "Keep": "Đơn thư đã gửi được giữ.",
	// petitions
	"Value": "Đất đai", "Number": "HT-2026-000001", "Kind": "khiếu nại", "Due": "30/03/2026",
	"Note": "Đã kiểm tra", "Body": "UBND huyện Hà Trung", "Files": 2, "Count": 120, "Max": 500,
	"Date": "16/03/2026", "Days": 3, "Deadline": "14/06/2026", "FilingDays": 90, "Photos": 1,
	"Documents": 0, "Locations": 1, "Filters": "Đất đai", "View": "Mới", "Total": 7, "From": 1,
	"To": 5, "States": "đã tiếp nhận 2", "Overdue": 1, "Score": 4, "Until": "15/04/2026",
	"Field": "Môi trường", "Place": "Tiểu khu 3", "Address": "Số 7, Tiểu khu 3",
	"Hash": "0123456789abcdef", "ShortHash": "01234567…89abcdef", "AcceptDue": "26/03/2026",
	"ResolveDue": "16/04/2026",
	// dân bàn
	"Need": 156, "Percent": "50%", "Online": 120, "Meeting": 30, "Paper": 16,
	// my data
	"State": "bạn là người đại diện", "Status": "đã tiếp nhận", "Choice": "Đồng ý", "Answers": 1,
	"Questions": 2, "Supports": 3, "Comments": 4, "Bookings": 1, "Disclosure": 0,
}

// Texts that are the same in both languages or have no letters to mark.
var sameInBothLanguages = []string{"lang.vi", "lang.en", "role.with_neighbourhood"}

func TestLocales(t *testing.T) {
	vi := mustLocale(t, "locales/active.vi.toml")
	en := mustLocale(t, "locales/active.en.toml")
	ids := mustMessageIDs(t)

	t.Run("every id used is in both files", func(t *testing.T) {
		for _, id := range ids {
			if _, ok := vi[id]; !ok {
				t.Errorf("active.vi.toml lacks %s", id)
			}
			if _, ok := en[id]; !ok {
				t.Errorf("active.en.toml lacks %s", id)
			}
		}
	})
	t.Run("both files hold the same keys, all used", func(t *testing.T) {
		for _, pair := range []struct {
			name string
			m    map[string]string
		}{{"vi", vi}, {"en", en}} {
			for key := range pair.m {
				if !slices.Contains(ids, key) {
					t.Errorf("active.%s.toml: %s is used nowhere", pair.name, key)
				}
			}
		}
		if len(vi) != len(en) {
			t.Errorf("vi has %d texts, en %d", len(vi), len(en))
		}
	})
	t.Run("Vietnamese texts carry diacritics", func(t *testing.T) {
		for key, text := range vi {
			if slices.Contains(sameInBothLanguages, key) {
				continue
			}
			if !hasVietnameseLetter(text) {
				t.Errorf("vi %s = %q: no Vietnamese letter with a diacritic", key, text)
			}
			if text == en[key] {
				t.Errorf("%s is the same in vi and en: %q", key, text)
			}
		}
	})
	t.Run("every text renders in both languages", func(t *testing.T) {
		for _, id := range ids {
			for _, lang := range []string{LangVI, LangEN} {
				got := localize(lang, msg(id), sampleData)
				if strings.HasPrefix(got, "[[") || strings.TrimSpace(got) == "" {
					t.Errorf("%s %s renders as %q", lang, id, got)
				}
			}
		}
	})
}

func hasVietnameseLetter(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func TestUnknownMessageShowsItsID(t *testing.T) {
	if got := localize(LangVI, "no.such_id", nil); got != "[[no.such_id]]" {
		t.Errorf("localize of an unknown id = %q, want it visible", got)
	}
}

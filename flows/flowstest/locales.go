package flowstest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/BurntSushi/toml"

	"danchu"
	"danchu/flows"
)

// mustLocale reads a locale file as message id -> text.
func mustLocale(tb testing.TB, fsys fs.FS, name string) map[string]string {
	tb.Helper()
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	var doc map[string]any
	if err := toml.Unmarshal(raw, &doc); err != nil {
		tb.Fatalf("%s: %v", name, err)
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
				tb.Errorf("%s: %s%s is a %T, want text", name, prefix, k, v)
			}
		}
	}
	walk("", doc)
	return out
}

// mustMessageIDs finds every Msg constant in the code of the package in the
// working directory, and fails on a Msg made from a literal in place (it
// would escape this check).
func mustMessageIDs(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		tb.Fatal(err)
	}
	isMsg := func(e ast.Expr) bool {
		switch e := e.(type) {
		case *ast.Ident:
			return e.Name == "Msg"
		case *ast.SelectorExpr:
			x, ok := e.X.(*ast.Ident)
			return ok && x.Name == "flows" && e.Sel.Name == "Msg"
		}
		return false
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
				if n.Type != nil && isMsg(n.Type) {
					for _, v := range n.Values {
						lit, ok := v.(*ast.BasicLit)
						if !ok {
							tb.Errorf("%s: a Msg constant that is not a literal", fset.Position(v.Pos()))
							continue
						}
						s, _ := strconv.Unquote(lit.Value)
						ids = append(ids, s)
					}
				}
			case *ast.CallExpr:
				if isMsg(n.Fun) {
					tb.Errorf("%s: Msg(...) in place: declare the id with the package's messages", fset.Position(n.Pos()))
				}
			}
			return true
		})
	}
	if len(ids) == 0 {
		tb.Fatalf("found no message ids: are the package's messages parsed?")
	}
	return ids
}

// SampleData fills every template field the texts use.
var SampleData = map[string]any{
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
	// notices and disclosures
	"Title": "Cắt điện ngày 20/3", "Sent": "1.234", "NotReached": "3", "Unreachable": "2", "Failed": "1",
	"Cancelled": "0", "Left": "2 phút", "Minutes": 5, "Hours": 1, "Example": "23/03/2026",
	"Places": "Tiểu khu 1", "Audience": "Tiểu khu 1", "Need": 5, "When": "19:30, Thứ Bảy 21/03/2026",
	"Agenda": "Bầu trưởng tiểu khu", "Answer": "Tôi sẽ tham dự", "Meeting": "Họp ngày 21/03/2026",
	"Attend": "10", "Absent": "2", "Ack": "5", "Silent": "30", "Category": "Thủ tục hành chính",
	"Month": "03/2026", "N": 1, "Open": "0", "Text": "Khoản chi này là gì?", "ID": 7,
	"Asker": "Nguyễn Văn An (Tiểu khu 3)", "Question": "Khoản chi này là gì?", "Day": "21/03/2026",
	// dân bàn
	"Percent": "50%", "Online": 120, "Paper": 16,
	// my data
	"State": "bạn là người đại diện", "Status": "đã tiếp nhận", "Choice": "Đồng ý", "Answers": 1,
	"Questions": 2, "Supports": 3, "Comments": 4, "Bookings": 1, "Disclosure": 0,
}

// Texts that are the same in both languages or have no letters to mark.
var sameInBothLanguages = []string{"lang.vi", "lang.en", "role.with_neighbourhood"}

// localeArea is an area of texts only, to render them.
type localeArea struct{ fsys fs.FS }

func (a localeArea) Locales() fs.FS          { return a.fsys }
func (localeArea) Menu() []flows.MenuEntry   { return nil }
func (localeArea) Features() []flows.Feature { return nil }

// MustHaveGoodLocales checks the texts of the package in the working
// directory: every Msg it declares is in vi.toml and en.toml of locales,
// both files hold the same keys and no other, the Vietnamese texts carry
// diacritics and differ from the English, and every text renders in both
// languages.
func MustHaveGoodLocales(t *testing.T, locales fs.FS) {
	t.Helper()
	vi := mustLocale(t, locales, "vi.toml")
	en := mustLocale(t, locales, "en.toml")
	ids := mustMessageIDs(t)

	t.Run("every id used is in both files", func(t *testing.T) {
		for _, id := range ids {
			if _, ok := vi[id]; !ok {
				t.Errorf("vi.toml lacks %s", id)
			}
			if _, ok := en[id]; !ok {
				t.Errorf("en.toml lacks %s", id)
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
					t.Errorf("%s.toml: %s is used nowhere", pair.name, key)
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
		e := &flows.Engine{Settings: danchu.DefaultSettings()}
		if err := e.Add(localeArea{locales}); err != nil {
			t.Fatal(err)
		}
		base := e.Base()
		for _, id := range ids {
			for _, lang := range []string{flows.LangVI, flows.LangEN} {
				got := base.Tr(lang, flows.Msg(id), SampleData)
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

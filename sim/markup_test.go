package sim

import (
	"reflect"
	"testing"
)

func TestFormatText(t *testing.T) {
	tests := []struct {
		name, mode, in string
		text           string
		ents           []Entity
		err            string
	}{
		{"plain", "", "Xin <chào> *bạn*", "Xin <chào> *bạn*", nil, ""},
		{"html bold", "HTML", "<b>Đậm</b> thường", "Đậm thường", []Entity{{Type: "bold", Offset: 0, Length: 3}}, ""},
		{"html nested", "html", "<i>a<b>b</b></i>", "ab", []Entity{{Type: "italic", Length: 2}, {Type: "bold", Offset: 1, Length: 1}}, ""},
		{"html link", "HTML", `<a href="https://x.vn/?a=1&amp;b=2">liên kết</a>`, "liên kết", []Entity{{Type: "text_link", Length: 8, URL: "https://x.vn/?a=1&b=2"}}, ""},
		{"html pre with language", "HTML", `<pre><code class="language-go">x := 1</code></pre>`, "x := 1", []Entity{{Type: "pre", Length: 6, Language: "go"}}, ""},
		{"html spoiler", "HTML", `<span class="tg-spoiler">bí mật</span>`, "bí mật", []Entity{{Type: "spoiler", Length: 6}}, ""},
		{"html offsets after emoji", "HTML", "😀<b>x</b>", "😀x", []Entity{{Type: "bold", Offset: 2, Length: 1}}, ""},
		{"html character references", "HTML", "&#128512; &#x1F600; &lt;&gt;&amp;&quot; &nbsp;", "😀 😀 <>&\" &nbsp;", nil, ""},
		{"html unsupported tag", "HTML", "dòng 1<br>dòng 2", "", nil, `Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 7`},
		{"html stray end tag", "HTML", "x</b>", "", nil, "Bad Request: can't parse entities: Unexpected end tag at byte offset 1"},
		{"html crossed tags", "HTML", "<b><i>x</b></i>", "", nil, `Bad Request: can't parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		{"html span without class", "HTML", "<span>x</span>", "", nil, `Bad Request: can't parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0`},
		{"v2 styles", "MarkdownV2", "*đậm* _nghiêng_ __gạch__ ~xoá~ ||ẩn||", "đậm nghiêng gạch xoá ẩn", []Entity{
			{Type: "bold", Length: 3}, {Type: "italic", Offset: 4, Length: 7}, {Type: "underline", Offset: 12, Length: 4},
			{Type: "strikethrough", Offset: 17, Length: 3}, {Type: "spoiler", Offset: 21, Length: 2}}, ""},
		{"v2 nested", "MarkdownV2", "*a _b_*", "a b", []Entity{{Type: "bold", Length: 3}, {Type: "italic", Offset: 2, Length: 1}}, ""},
		{"v2 code with escapes", "MarkdownV2", "`mã \\` x.`", "mã ` x.", []Entity{{Type: "code", Length: 7}}, ""},
		{"v2 pre with language", "MarkdownV2", "```go\nfmt.Println()\n```", "fmt.Println()\n", []Entity{{Type: "pre", Length: 14, Language: "go"}}, ""},
		{"v2 link with escaped paren", "MarkdownV2", `[trang](https://a.vn/x\)y)`, "trang", []Entity{{Type: "text_link", Length: 5, URL: "https://a.vn/x)y"}}, ""},
		{"v2 blockquote", "MarkdownV2", ">trích\n>dẫn\nsau", "trích\ndẫn\nsau", []Entity{{Type: "blockquote", Length: 9}}, ""},
		{"v2 escapes", "MarkdownV2", `1\.5 \- 2\! \(a\) \#3`, "1.5 - 2! (a) #3", nil, ""},
		{"v2 reserved dash", "MarkdownV2", "a-b", "", nil, `Bad Request: can't parse entities: Character '-' is reserved and must be escaped with the preceding '\'`},
		{"v2 reserved gt inside line", "MarkdownV2", "a > b", "", nil, `Bad Request: can't parse entities: Character '>' is reserved and must be escaped with the preceding '\'`},
		{"v2 unclosed", "MarkdownV2", "xin *đậm", "", nil, "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 4"},
		{"v1 styles", "Markdown", "*đậm* và _nghiêng_ [x](http://a.vn) `c`", "đậm và nghiêng x c", []Entity{
			{Type: "bold", Length: 3}, {Type: "italic", Offset: 7, Length: 7}, {Type: "text_link", Offset: 15, Length: 1, URL: "http://a.vn"}, {Type: "code", Offset: 17, Length: 1}}, ""},
		{"v1 punctuation is plain", "Markdown", "giá 1.5-2 (tạm)!", "giá 1.5-2 (tạm)!", nil, ""},
		{"v1 unclosed", "Markdown", "_nghiêng", "", nil, "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 0"},
		{"unknown mode", "BBCode", "x", "", nil, "Bad Request: unsupported parse_mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := formatText(tt.in, tt.mode, "")
			if tt.err != "" {
				if err == nil || err.Description != tt.err {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %s", err.Description)
			}
			if got.Text != tt.text || !reflect.DeepEqual(got.Entities, tt.ents) {
				t.Fatalf("got %q %+v, want %q %+v", got.Text, got.Entities, tt.text, tt.ents)
			}
		})
	}
}

func TestCommandEntities(t *testing.T) {
	tests := []struct {
		text string
		want []Entity
	}{
		{"/start", []Entity{{Type: "bot_command", Length: 6}}},
		{"/start@danchu_sim_bot abc", []Entity{{Type: "bot_command", Length: 21}}},
		{"trước /a giữa /b_2 sau", []Entity{{Type: "bot_command", Offset: 6, Length: 2}, {Type: "bot_command", Offset: 14, Length: 4}}},
		{"a/b không phải lệnh", nil},
		{"/chào không phải lệnh", nil},
		{"/", nil},
		{"https://x.vn/path", nil},
	}
	for _, tt := range tests {
		if got := commandEntities(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("commandEntities(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

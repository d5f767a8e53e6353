package petition

import (
	"testing"

	"danchu"
	"danchu/flows"
)

// Nearly the same text: the same words in any order, case, spacing and
// punctuation, with at most a fifth of the words different.
func TestSimilar(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Xưởng gỗ đốt rác thải gây khói suốt đêm.", "xưởng gỗ đốt rác thải gây khói suốt đêm", true},
		{"Xưởng gỗ đốt rác thải gây khói suốt đêm.", "Suốt đêm, xưởng gỗ đốt rác thải gây khói!", true},
		// 9 words and 10 words sharing 9: 9/10 = 0.9
		{"Xưởng gỗ đốt rác thải gây khói suốt đêm", "Xưởng gỗ đốt rác thải gây khói suốt đêm qua", true},
		// 8 shared of 10 in all: 0.8, the threshold
		{"một hai ba bốn năm sáu bảy tám chín", "một hai ba bốn năm sáu bảy tám mười", true},
		// 7 shared of 11: 0.64
		{"một hai ba bốn năm sáu bảy tám chín", "một hai ba bốn năm sáu bảy mười mươi", false},
		{"Đèn đường hỏng ở ngõ 5", "Ổ gà lớn trước cổng trường", false},
		// Diacritics matter: "duong" is another word than "đường".
		{"đèn đường hỏng", "den duong hong", false},
		{"", "", false},
		{"!!!", "...", false},
	}
	for _, tt := range tests {
		if got := similar(tt.a, tt.b); got != tt.want {
			t.Errorf("similar(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// A view token survives the button data; anything the inbox does not
// write is refused.
func TestParseView(t *testing.T) {
	a := &Area{Base: (&flows.Engine{Settings: danchu.DefaultSettings()}).Base()}
	for _, v := range []inboxView{defaultView, {View: 'o', Page: 12, Kind: 3, Field: 8, Place: 7}, {View: 'm', Kind: 0, Field: -1, Place: 0}} {
		got, ok := a.parseView(v.String())
		if !ok || got != v {
			t.Errorf("parseView(%q) = %+v, %v; want %+v", v.String(), got, ok, v)
		}
	}
	for _, s := range []string{"", "a", "a.0.-.-", "a.0.-.-.-.-", "x.0.-.-.-", "aa.0.-.-.-", "a.-1.-.-.-",
		"a.01.-.-.-", "a.0.4.-.-", "a.0.-.9.-", "a.0.-.-.8", "a.0.+1.-.-", "a.99999.-.-.-"} {
		if v, ok := a.parseView(s); ok {
			t.Errorf("parseView(%q) = %+v, want refused", s, v)
		}
	}
}

// The draft asks each part once, in the law's order for its kind.
func TestDraftOrder(t *testing.T) {
	answer := map[petState]func(*draft){
		petKind:     func(d *draft) {},
		petNotice:   func(d *draft) { d.NoticeOK = true },
		petAddress:  func(d *draft) { d.Address = "Số 1" },
		petIdentity: func(d *draft) { d.IdentityOK = true },
		petField:    func(d *draft) { d.Field = "Khác" },
		petSubject:  func(d *draft) { d.Subject = "QĐ 1" },
		petLearned:  func(d *draft) { d.Learned = "01/03/2026" },
		petRequest:  func(d *draft) { d.Request = "Huỷ" },
		petContent:  func(d *draft) { d.Content, d.ContentDone = "x", true },
		petAttach:   func(d *draft) { d.AttachDone = true },
		petAnon:     func(d *draft) { d.AnonChosen = true },
	}
	want := map[danchu.Kind][]petState{
		danchu.KindRecommendation: {petField, petContent, petAttach, petAnon, petReview},
		danchu.KindReport:         {petField, petContent, petAttach, petAnon, petReview},
		danchu.KindComplaint:      {petAddress, petIdentity, petField, petSubject, petLearned, petRequest, petContent, petAttach, petReview},
		danchu.KindDenunciation:   {petNotice, petAddress, petIdentity, petField, petContent, petAttach, petReview},
	}
	for kind, states := range want {
		d := &draft{}
		if d.next() != petKind {
			t.Fatalf("a new draft asks %s first, want the kind", d.next())
		}
		d.setKind(kind)
		var got []petState
		for i := 0; i < 20; i++ {
			s := d.next()
			got = append(got, s)
			if s == petReview {
				break
			}
			answer[s](d)
		}
		if len(got) != len(states) {
			t.Errorf("%s: asks %v, want %v", kind, got, states)
			continue
		}
		for i := range got {
			if got[i] != states[i] {
				t.Errorf("%s: asks %v, want %v", kind, got, states)
				break
			}
		}
	}
}

package danchu

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

// The threshold: "more than p% of all households" is floor(total×p/100)+1,
// worked out by hand for each row.
func TestMoreThan(t *testing.T) {
	for _, c := range []struct {
		total   int
		percent float64
		want    int
		why     string
	}{
		{310, 50, 156, "half of 310 is 155; 155 is not more than half, 156 is"},
		{7, 50, 4, "half of 7 is 3.5; 4 is the first whole number above"},
		{8, 50, 5, "half of 8 is 4 exactly: a tie is not a majority"},
		{1, 50, 1, "half of 1 is 0.5: the one household"},
		{300, 60, 181, "60% of 300 is 180"},
		{1000, 50.5, 506, "50.5% of 1000 is 505"},
		{3, 33.3, 1, "33.3% of 3 is 0.999"},
		{10, 0.1, 1, "0.1% of 10 is 0.01"},
		{100, 57, 58, "57% of 100 is 57, a float product that must not land under 57"},
		{0, 50, 1, "no households: nothing can pass without a ballot"},
	} {
		if got := MoreThan(c.total, c.percent); got != c.want {
			t.Errorf("MoreThan(%d, %v) = %d, want %d (%s)", c.total, c.percent, got, c.want, c.why)
		}
	}
}

// MustBallots builds ballots of vote 1: each string is channel and option,
// "o0" online for option 0, "m-" at the meeting without a choice, "p1" on
// paper for option 1.
func MustBallots(tb testing.TB, specs ...string) []Ballot {
	tb.Helper()
	channels := map[byte]Channel{'o': ChannelOnline, 'm': ChannelMeeting, 'p': ChannelPaper}
	var out []Ballot
	for i, s := range specs {
		ch, ok := channels[s[0]]
		if !ok || len(s) != 2 {
			tb.Fatalf("bad ballot spec %q", s)
		}
		opt := Abstain
		if s[1] != '-' {
			opt = int(s[1] - '0')
		}
		out = append(out, Ballot{VoteID: 1, HouseholdID: int64(i + 1), Option: opt, Channel: ch})
	}
	return out
}

func repeat(s string, n int) []string { return slices.Repeat([]string{s}, n) }

// The attendance and the outcome of votes, each worked out by hand.
func TestDecide(t *testing.T) {
	fifty := VoteSettings{PassPercent: 50, QuorumPercent: 50}
	yesNo := []string{"Đồng ý", "Không đồng ý"}
	plans := []string{"Phương án A", "Phương án B", "Phương án C"}
	join := func(lists ...[]string) []string { return slices.Concat(lists...) }
	for _, c := range []struct {
		name       string
		settings   VoteSettings
		households int
		options    []string
		proposal   bool
		ballots    []string
		want       Outcome
	}{
		{
			// 10 households: more than 5 means 6. Agree has 6: passed.
			name: "proposal passes with six of ten", settings: fifty, households: 10, options: yesNo, proposal: true,
			ballots: join(repeat("o0", 6), repeat("o1", 2)),
			want:    Outcome{Households: 10, Turnout: 8, Need: 6, MeetingQuorum: 6, MeetingValid: true, Counts: []int{6, 2}, Winner: 0, Passed: true},
		},
		{
			// 5 of 10 agree and only 1 disagrees, but 5 is not more than
			// half of ALL households: not passed.
			name: "a majority of those who voted is not enough", settings: fifty, households: 10, options: yesNo, proposal: true,
			ballots: join(repeat("o0", 5), repeat("o1", 1)),
			want:    Outcome{Households: 10, Turnout: 6, Need: 6, MeetingQuorum: 6, MeetingValid: true, Counts: []int{5, 1}, Winner: -1},
		},
		{
			// 7 of 10 disagree: "disagree" wins, so the proposal fails.
			name: "proposal rejected", settings: fifty, households: 10, options: yesNo, proposal: true,
			ballots: join(repeat("p0", 1), repeat("p1", 7)),
			want:    Outcome{Households: 10, Turnout: 8, Need: 6, MeetingQuorum: 6, MeetingValid: true, Counts: []int{1, 7}, Winner: 1},
		},
		{
			// 9 households: half is 4.5, so 5 are needed. Plan A has 5.
			name: "a choice of plans", settings: fifty, households: 9, options: plans,
			ballots: join(repeat("o0", 5), repeat("o1", 2), repeat("o2", 1)),
			want:    Outcome{Households: 9, Turnout: 8, Need: 5, MeetingQuorum: 5, MeetingValid: true, Counts: []int{5, 2, 1}, Winner: 0, Passed: true},
		},
		{
			// 10 households, quorum 6: six present at the meeting (4 agree,
			// 1 disagrees, 1 without a choice), so it is valid; two more
			// agree on paper: agree has 6 of 10.
			name: "a meeting with its quorum, and paper ballots", settings: fifty, households: 10, options: yesNo, proposal: true,
			ballots: join(repeat("m0", 4), []string{"m1", "m-"}, repeat("p0", 2)),
			want: Outcome{Households: 10, Turnout: 8, Need: 6, MeetingPresent: 6, MeetingQuorum: 6, MeetingValid: true,
				Counts: []int{6, 1}, Abstained: 1, Winner: 0, Passed: true},
		},
		{
			// Five present is not more than half of 10: the meeting decides
			// nothing, its five "agree" are not counted; the two paper
			// ballots alone are far from 6. Attendance still shows 7.
			name: "a meeting without its quorum counts for nothing", settings: fifty, households: 10, options: yesNo, proposal: true,
			ballots: join(repeat("m0", 5), repeat("p0", 2)),
			want: Outcome{Households: 10, Turnout: 7, Need: 6, MeetingPresent: 5, MeetingQuorum: 6,
				Counts: []int{2, 0}, Winner: -1},
		},
		{
			// 4 households need 3; two agree and two return spoilt papers.
			name: "abstentions attend but choose nothing", settings: fifty, households: 4, options: yesNo, proposal: true,
			ballots: join(repeat("p0", 2), repeat("p-", 2)),
			want:    Outcome{Households: 4, Turnout: 4, Need: 3, MeetingQuorum: 3, MeetingValid: true, Counts: []int{2, 0}, Abstained: 2, Winner: -1},
		},
		{
			// A town whose threshold is 30%: 10 households need 4. A and B
			// both have 4: a tie decides nothing.
			name: "a tie over a low threshold", settings: VoteSettings{PassPercent: 30, QuorumPercent: 50}, households: 10, options: plans,
			ballots: join(repeat("o0", 4), repeat("o1", 4)),
			want:    Outcome{Households: 10, Turnout: 8, Need: 4, MeetingQuorum: 6, MeetingValid: true, Counts: []int{4, 4, 0}, Winner: -1},
		},
		{
			// The shipped Tiểu khu 1: 310 households need 156.
			name: "tiểu khu 1 at 155 and 156", settings: fifty, households: 310, options: yesNo, proposal: true,
			ballots: join(repeat("o0", 155), repeat("p0", 1), repeat("m1", 10)),
			want: Outcome{Households: 310, Turnout: 166, Need: 156, MeetingPresent: 10, MeetingQuorum: 156,
				Counts: []int{156, 0}, Winner: 0, Passed: true},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := &Vote{ID: 1, Households: c.households, Options: c.options, Proposal: c.proposal}
			got := c.settings.Decide(v, MustBallots(t, c.ballots...))
			want := c.want
			want.ByChannel = map[Channel]int{}
			for _, b := range MustBallots(t, c.ballots...) {
				want.ByChannel[b.Channel]++
			}
			if !outcomesEqual(got, want) {
				t.Errorf("Decide:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func outcomesEqual(a, b Outcome) bool {
	if len(a.ByChannel) == 0 && len(b.ByChannel) == 0 {
		a.ByChannel, b.ByChannel = nil, nil
	}
	return reflect.DeepEqual(a, b)
}

func TestDecideIgnoresWhatIsNotThisVotes(t *testing.T) {
	v := &Vote{ID: 1, Households: 3, Options: []string{"A", "B"}}
	ballots := []Ballot{
		{VoteID: 2, HouseholdID: 1, Option: 0, Channel: ChannelOnline}, // another vote
		{VoteID: 1, HouseholdID: 2, Option: 5, Channel: ChannelOnline}, // no such option
		{VoteID: 1, HouseholdID: 3, Option: 0, Channel: "fax"},         // no such channel
		{VoteID: 1, HouseholdID: 4, Option: 1, Channel: ChannelPaper},
	}
	o := VoteSettings{PassPercent: 50, QuorumPercent: 50}.Decide(v, ballots)
	if o.Turnout != 1 || !slices.Equal(o.Counts, []int{0, 1}) || o.Winner != -1 {
		t.Errorf("got %+v, want one paper ballot for B and no winner (need 2 of 3)", o)
	}
}

func TestOnlyOtherSelfManagedMattersAreVotedOnline(t *testing.T) {
	for _, m := range Matters {
		if got, want := m.Online(), m == MatterOther; got != want {
			t.Errorf("%s: Online() = %v, want %v (NĐ 59/2023, Điều 5)", m, got, want)
		}
	}
}

func TestVoteCheck(t *testing.T) {
	s := DefaultSettings()
	now := time.Date(2026, 3, 16, 8, 0, 0, 0, s.Location())
	agreed := now
	good := func() *Vote {
		return &Vote{Question: "Làm đường bê tông ngõ 5?", Matter: MatterOther, Options: []string{"Đồng ý", "Không đồng ý"},
			Neighbourhood: "Tiểu khu 3", Households: 342, OpensAt: now, ClosesAt: now.Add(72 * time.Hour), AgreedAt: &agreed}
	}
	if err := good().Check(s, now); err != nil {
		t.Fatalf("a good vote: %v", err)
	}
	for name, change := range map[string]func(v *Vote){
		"no question":          func(v *Vote) { v.Question = " " },
		"unknown matter":       func(v *Vote) { v.Matter = "tax" },
		"one option":           func(v *Vote) { v.Options = v.Options[:1] },
		"same option twice":    func(v *Vote) { v.Options = []string{"Có", "có"} },
		"closes before open":   func(v *Vote) { v.ClosesAt = v.OpensAt },
		"closed in the past":   func(v *Vote) { v.OpensAt, v.ClosesAt = now.Add(-2*time.Hour), now.Add(-time.Hour) },
		"online, no agreement": func(v *Vote) { v.AgreedAt = nil },
		"unknown place":        func(v *Vote) { v.Neighbourhood = "Tiểu khu 99" },
		"no households":        func(v *Vote) { v.Households = 0 },
	} {
		v := good()
		change(v)
		if err := v.Check(s, now); ErrorCode(err) != EINVALID {
			t.Errorf("%s: Check = %v, want EINVALID", name, err)
		}
	}
	v := good()
	v.Matter, v.AgreedAt = MatterContribution, nil
	if err := v.Check(s, now); err != nil {
		t.Errorf("a meeting-only vote needs no online agreement: %v", err)
	}
}

func TestMayManageVote(t *testing.T) {
	head := Actor{ResidentID: 5, Roles: []RoleGrant{{Role: RoleTieuKhuHead, Neighbourhood: "Tiểu khu 3"}}}
	official := Actor{ResidentID: 6, Roles: []RoleGrant{{Role: RoleOfficial}}}
	resident := Actor{ResidentID: 7}
	for _, c := range []struct {
		a    Actor
		nb   string
		want bool
	}{
		{head, "Tiểu khu 3", true}, {head, "Tiểu khu 4", false},
		{official, "Tiểu khu 4", true}, {resident, "Tiểu khu 3", false},
	} {
		if got := MayManageVote(c.a, c.nb); got != c.want {
			t.Errorf("MayManageVote(%d, %s) = %v, want %v", c.a.ResidentID, c.nb, got, c.want)
		}
	}
}

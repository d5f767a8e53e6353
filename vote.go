package danchu

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"
)

// Matter is what a vote decides (LAW.md, "What residents decide, and how";
// Luật Thực hiện dân chủ ở cơ sở, Điều 15). The values are stored.
type Matter string

const (
	MatterContribution Matter = "contribution" // đóng góp xây dựng hạ tầng, công trình công cộng
	MatterFunds        Matter = "funds"        // thu, chi, quản lý các khoản đóng góp, quỹ
	MatterConvention   Matter = "convention"   // nội dung hương ước, quy ước
	MatterHead         Matter = "head"         // bầu, cho thôi làm trưởng thôn, tổ trưởng tổ dân phố
	MatterBoards       Matter = "boards"       // bầu thành viên Ban Thanh tra nhân dân, Ban Giám sát đầu tư cộng đồng
	MatterOther        Matter = "other"        // các công việc tự quản khác
)

// Matters lists every matter, in the law's order.
var Matters = []Matter{MatterContribution, MatterFunds, MatterConvention, MatterHead, MatterBoards, MatterOther}

// Valid reports whether m is a known matter.
func (m Matter) Valid() bool { return slices.Contains(Matters, m) }

// Online reports whether residents may vote on the matter through the bot:
// only "other self-managed matters" (Nghị định 59/2023, Điều 5). The other
// matters are decided at a meeting or by paper ballot, whose results
// officials record household by household.
func (m Matter) Online() bool { return m == MatterOther }

// Channel is how a household's ballot reached the count.
type Channel string

const (
	ChannelOnline  Channel = "online"  // the representative pressed a button
	ChannelMeeting Channel = "meeting" // recorded from a community meeting
	ChannelPaper   Channel = "paper"   // recorded from a paper ballot
)

// Channels lists every channel.
var Channels = []Channel{ChannelOnline, ChannelMeeting, ChannelPaper}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return slices.Contains(Channels, c) }

// Abstain is the Option of a household that took part without a valid
// choice: present at the meeting without raising a hand, or a spoilt paper
// ballot. It counts towards attendance, never for an option.
const Abstain = -1

// Limits of a vote.
const (
	MinVoteOptions = 2
	MaxVoteOptions = 8
	MaxVoteOption  = 100 // characters of one option
	MaxVoteText    = 500 // characters of the question
)

// Vote is a decision of the households of one neighbourhood: the law's
// voting unit is the household of the neighbourhood (thôn, tổ dân phố), and
// the threshold counts ALL its households.
type Vote struct {
	ID       int64    `json:"id"`
	Question string   `json:"question"`
	Matter   Matter   `json:"matter"`
	Options  []string `json:"options"`
	// Proposal: the options are "agree" and "disagree" (in that order), and
	// the vote passes only when "agree" wins. Otherwise the households
	// choose one of several options, and it passes when one of them wins.
	Proposal      bool   `json:"proposal"`
	Neighbourhood string `json:"neighbourhood"`
	// Households is the number of households of the neighbourhood when the
	// vote was created (Settings.Neighbourhoods): the threshold's base, kept
	// so that a later change of the settings does not change a vote.
	Households int       `json:"households"`
	OpensAt    time.Time `json:"opens_at"`
	ClosesAt   time.Time `json:"closes_at"`
	// AgreedAt is when the creator confirmed that the neighbourhood head and
	// the Front committee agreed to vote online (NĐ 59/2023, Điều 5); set
	// for an online vote only.
	AgreedAt    *time.Time `json:"agreed_at,omitempty"`
	CreatedBy   int64      `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
	AnnouncedAt *time.Time `json:"announced_at,omitempty"`
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
	ClosedBy    int64      `json:"closed_by,omitempty"`   // 0 when closed on time by the schedule
	ReportedAt  *time.Time `json:"reported_at,omitempty"` // the result went to the audience
	// Outcome is the count as it stood at the close; nil while open.
	Outcome *Outcome `json:"outcome,omitempty"`
}

// Online reports whether the vote takes ballots through the bot.
func (v *Vote) Online() bool { return v.Matter.Online() }

// OpenAt reports whether the vote takes ballots at t: opened, not closed,
// before its closing time.
func (v *Vote) OpenAt(t time.Time) bool {
	return v.ClosedAt == nil && !t.Before(v.OpensAt) && t.Before(v.ClosesAt)
}

// Check reports what is wrong with a new vote at now, EINVALID with the
// reason, or nil: a question, a known matter, 2 to MaxVoteOptions distinct
// options, a neighbourhood of s, a closing time after the opening and after
// now, and for an online vote the agreement of the head and the Front.
func (v *Vote) Check(s *Settings, now time.Time) error {
	q := strings.TrimSpace(v.Question)
	switch {
	case q == "" || len([]rune(q)) > MaxVoteText:
		return Errorf(EINVALID, "a vote needs a question of at most %d characters", MaxVoteText)
	case !v.Matter.Valid():
		return Errorf(EINVALID, "unknown matter %q", v.Matter)
	case len(v.Options) < MinVoteOptions || len(v.Options) > MaxVoteOptions:
		return Errorf(EINVALID, "a vote needs %d to %d options", MinVoteOptions, MaxVoteOptions)
	case !v.ClosesAt.After(v.OpensAt) || !v.ClosesAt.After(now):
		return Errorf(EINVALID, "a vote closes after it opens, and in the future")
	case v.Online() && v.AgreedAt == nil:
		return Errorf(EINVALID, "an online vote needs the agreement of the neighbourhood head and the Front committee")
	case v.Households <= 0:
		return Errorf(EINVALID, "the neighbourhood's households are not known")
	}
	if _, ok := s.NeighbourhoodByName(v.Neighbourhood); !ok {
		return Errorf(EINVALID, "unknown neighbourhood %q", v.Neighbourhood)
	}
	seen := map[string]bool{}
	for _, o := range v.Options {
		o = strings.TrimSpace(o)
		if o == "" || len([]rune(o)) > MaxVoteOption || seen[strings.ToLower(o)] {
			return Errorf(EINVALID, "options must be distinct, of 1 to %d characters", MaxVoteOption)
		}
		seen[strings.ToLower(o)] = true
	}
	return nil
}

// MayManageVote reports whether a may create a vote in neighbourhood, record
// meeting and paper ballots of it and close it: the chairman and officials
// anywhere, a tiểu khu head in the neighbourhood they lead.
func MayManageVote(a Actor, neighbourhood string) bool {
	return a.ResidentID != 0 && (a.Has(RoleChairman) || a.Has(RoleOfficial) || a.heads(neighbourhood))
}

// Ballot is the one ballot of a household in a vote. The database keeps
// (VoteID, HouseholdID) unique, so no household is counted twice, whatever
// the channel.
type Ballot struct {
	VoteID      int64   `json:"vote_id"`
	HouseholdID int64   `json:"household_id"`
	Option      int     `json:"option"` // an index of Vote.Options, or Abstain
	Channel     Channel `json:"channel"`
	// ResidentID is the representative who voted online; RecordedBy the
	// official who entered a meeting or paper ballot.
	ResidentID int64     `json:"resident_id,omitempty"`
	RecordedBy int64     `json:"recorded_by,omitempty"`
	At         time.Time `json:"at"`
}

// Outcome is the count of a vote against the settings' thresholds
// (Settings.Votes): live while it is open, kept at its close.
type Outcome struct {
	Households int `json:"households"` // all households of the neighbourhood
	// Turnout counts every household that took part, abstentions included,
	// and the meeting's ballots even when the meeting lacked its quorum.
	Turnout int `json:"turnout"`
	// Need is the least number of households an option needs: more than
	// PassPercent of Households.
	Need int `json:"need"`
	// MeetingPresent counts the households recorded at the meeting;
	// MeetingQuorum is the least attendance that makes it valid (more than
	// QuorumPercent of Households). A meeting without its quorum decides
	// nothing: its ballots are left out of Counts.
	MeetingPresent int  `json:"meeting_present"`
	MeetingQuorum  int  `json:"meeting_quorum"`
	MeetingValid   bool `json:"meeting_valid"`
	// Counts are the counted ballots by option; Abstained the counted
	// ballots without a choice.
	Counts    []int `json:"counts"`
	Abstained int   `json:"abstained"`
	// ByChannel counts the households that took part by channel.
	ByChannel map[Channel]int `json:"by_channel"`
	// Winner is the option with Need or more ballots, -1 for none.
	Winner int `json:"winner"`
	// Passed: for a proposal, "agree" won; otherwise some option won.
	Passed bool `json:"passed"`
}

// MoreThan is the least whole number of households that is more than
// percent per cent of total: floor(total × percent / 100) + 1. 50% of 310 is
// 155, so 156 are needed; 50% of 7 is 3.5, so 4.
func MoreThan(total int, percent float64) int {
	if total <= 0 {
		return 1
	}
	// Rounded to 1e-9 first, so that 0.1-style percents do not land a
	// hair under a whole number and lose one household.
	x := float64(total) * percent / 100
	x = math.Round(x*1e9) / 1e9
	return int(math.Floor(x)) + 1
}

// Percent is part of total in per cent, 0 for an empty total.
func Percent(part, total int) float64 {
	if total <= 0 {
		return 0
	}
	return float64(part) * 100 / float64(total)
}

// Decide counts the ballots of v with the thresholds of s (LAW.md: a
// decision needs more than PassPercent of ALL households; a meeting needs
// more than QuorumPercent of households present). Ballots of other votes,
// and options out of range, are ignored.
func (s VoteSettings) Decide(v *Vote, ballots []Ballot) Outcome {
	o := Outcome{
		Households:    v.Households,
		Need:          MoreThan(v.Households, s.PassPercent),
		MeetingQuorum: MoreThan(v.Households, s.QuorumPercent),
		Counts:        make([]int, len(v.Options)),
		ByChannel:     map[Channel]int{},
		Winner:        -1,
	}
	valid := func(b Ballot) bool {
		return b.VoteID == v.ID && b.Channel.Valid() && (b.Option == Abstain || b.Option >= 0 && b.Option < len(v.Options))
	}
	for _, b := range ballots {
		if valid(b) && b.Channel == ChannelMeeting {
			o.MeetingPresent++
		}
	}
	o.MeetingValid = o.MeetingPresent == 0 || o.MeetingPresent >= o.MeetingQuorum
	for _, b := range ballots {
		if !valid(b) {
			continue
		}
		o.Turnout++
		o.ByChannel[b.Channel]++
		if b.Channel == ChannelMeeting && !o.MeetingValid {
			continue
		}
		if b.Option == Abstain {
			o.Abstained++
			continue
		}
		o.Counts[b.Option]++
	}
	for i, n := range o.Counts {
		if n >= o.Need && (o.Winner < 0 || n > o.Counts[o.Winner]) {
			o.Winner = i
		}
	}
	// Two options over a threshold below 50% may tie: nobody won then.
	for i, n := range o.Counts {
		if o.Winner >= 0 && i != o.Winner && n == o.Counts[o.Winner] {
			o.Winner = -1
		}
	}
	o.Passed = o.Winner >= 0 && (!v.Proposal || o.Winner == 0)
	return o
}

// VoteService stores votes and their ballots.
type VoteService interface {
	// CreateVote stores v, setting ID and CreatedAt (when zero); EINVALID
	// without a question, a neighbourhood or at least two options.
	CreateVote(ctx context.Context, v *Vote) error
	// FindVote returns ENOTFOUND when there is no such vote.
	FindVote(ctx context.Context, id int64) (*Vote, error)
	// ListVotes lists the votes of the neighbourhoods (every vote when
	// none is given), newest first, at most limit (0: all).
	ListVotes(ctx context.Context, neighbourhoods []string, limit int) ([]*Vote, error)
	// CastBallot stores b in one transaction that checks, against the
	// stored vote: EINVALID when the vote is not open at b.At, the option
	// is not one of it (Abstain is allowed for meeting and paper ballots
	// only), or the household is not of the vote's neighbourhood;
	// EFORBIDDEN for an online ballot in a vote that is not online;
	// ENOTFOUND for an unknown vote or household; ECONFLICT when the
	// household has a ballot in the vote already, by any channel (the
	// database's UNIQUE (vote_id, household_id) decides, so two presses at
	// once cannot both count).
	CastBallot(ctx context.Context, b *Ballot) error
	// Ballots lists the ballots of a vote, oldest first.
	Ballots(ctx context.Context, voteID int64) ([]Ballot, error)
	// BallotsBy lists the ballots a resident cast online, as their
	// household's representative, oldest first.
	BallotsBy(ctx context.Context, residentID int64) ([]Ballot, error)
	// BallotOf returns the household's ballot in the vote; ENOTFOUND when
	// it has none.
	BallotOf(ctx context.Context, voteID, householdID int64) (*Ballot, error)
	// VotesToAnnounce lists the votes open at now whose opening was not
	// announced yet, oldest first.
	VotesToAnnounce(ctx context.Context, now time.Time) ([]*Vote, error)
	// MarkVoteAnnounced records the announcement; false when it was
	// recorded before. ENOTFOUND for an unknown vote.
	MarkVoteAnnounced(ctx context.Context, id int64, at time.Time) (bool, error)
	// VotesToClose lists, oldest first, the votes not closed whose closing
	// time is not after now, and the closed votes whose result was not
	// reported yet (a close interrupted before its report).
	VotesToClose(ctx context.Context, now time.Time) ([]*Vote, error)
	// CloseVote closes the vote at at, by someone (0 for the schedule),
	// unless it is closed already, and stores the outcome decide computes
	// from its final ballots, in one transaction: a ballot is either in
	// the outcome or refused. It returns the vote as stored and whether
	// this call closed it. ENOTFOUND for an unknown vote.
	CloseVote(ctx context.Context, id int64, at time.Time, by int64, decide func(*Vote, []Ballot) Outcome) (*Vote, bool, error)
	// MarkVoteReported records that the result went to the audience; false
	// when recorded before.
	MarkVoteReported(ctx context.Context, id int64, at time.Time) (bool, error)
}

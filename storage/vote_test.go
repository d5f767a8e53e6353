package storage_test

import (
	"sync"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

// mustHousehold declares each resident a member of the household at address
// in their neighbourhood; the first becomes its representative.
func mustHousehold(tb testing.TB, db *storage.DB, address string, members ...*danchu.Resident) *danchu.Household {
	tb.Helper()
	var h *danchu.Household
	var err error
	for _, r := range members {
		h, err = db.DeclareHousehold(tb.Context(), r.ID, r.Neighbourhood, address, t0)
		mustNil(tb, err)
	}
	mustNil(tb, db.SetRepresentative(tb.Context(), h.ID, members[0].ID, 99, t0))
	h, err = db.FindHousehold(tb.Context(), h.ID)
	mustNil(tb, err)
	return h
}

// mustVote creates an open vote in neighbourhood of the matter, from t0 for a day.
func mustVote(tb testing.TB, db *storage.DB, nb string, matter danchu.Matter) *danchu.Vote {
	tb.Helper()
	agreed := t0
	v := &danchu.Vote{Question: "Bê tông hoá ngõ 5?", Matter: matter, Options: []string{"Đồng ý", "Không đồng ý"}, Proposal: true,
		Neighbourhood: nb, Households: 10, OpensAt: t0, ClosesAt: t0.Add(24 * time.Hour), CreatedBy: 99}
	if matter.Online() {
		v.AgreedAt = &agreed
	}
	mustNil(tb, db.CreateVote(tb.Context(), v))
	return v
}

func TestVotesStoreAndList(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		v := mustVote(t, db, "Tiểu khu 3", danchu.MatterOther)
		mustVote(t, db, "Tiểu khu 4", danchu.MatterFunds)
		got, err := db.FindVote(ctx, v.ID)
		mustNil(t, err)
		if got.Question != v.Question || len(got.Options) != 2 || !got.Proposal || got.Households != 10 ||
			!got.OpensAt.Equal(t0) || got.AgreedAt == nil || got.ClosedAt != nil || got.Outcome != nil {
			t.Errorf("stored vote %+v", got)
		}
		list, err := db.ListVotes(ctx, []string{"Tiểu khu 3"}, 0)
		mustNil(t, err)
		if len(list) != 1 || list[0].ID != v.ID {
			t.Errorf("votes of Tiểu khu 3: %+v", list)
		}
		if list, _ := db.ListVotes(ctx, nil, 0); len(list) != 2 || list[0].ID < list[1].ID {
			t.Errorf("every vote, newest first: %+v", list)
		}
		_, err = db.FindVote(ctx, 9999)
		wantCode(t, err, danchu.ENOTFOUND)
	})
}

// One household, one ballot: not through two members, not twice, not online
// after a paper ballot, not two at the same moment; and the database itself
// refuses a second row, whatever the code above it does.
func TestOneBallotPerHousehold(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		people := mustResidents(t, db, 100, 4, "Tiểu khu 3")
		an, binh, chi, dung := people[0], people[1], people[2], people[3]
		home := mustHousehold(t, db, "Số 12, ngõ 5", an, binh) // An represents it; Bình lives there too
		other := mustHousehold(t, db, "Số 14, ngõ 5", chi, dung)
		v := mustVote(t, db, "Tiểu khu 3", danchu.MatterOther)
		at := t0.Add(time.Hour)

		mustNil(t, db.CastBallot(ctx, &danchu.Ballot{VoteID: v.ID, HouseholdID: home.ID, Option: 0, Channel: danchu.ChannelOnline, ResidentID: an.ID, At: at}))
		// The same representative presses again, for the other option.
		err := db.CastBallot(ctx, &danchu.Ballot{VoteID: v.ID, HouseholdID: home.ID, Option: 1, Channel: danchu.ChannelOnline, ResidentID: an.ID, At: at})
		wantCode(t, err, danchu.ECONFLICT)
		// Another member is not the representative.
		err = db.CastBallot(ctx, &danchu.Ballot{VoteID: v.ID, HouseholdID: home.ID, Option: 1, Channel: danchu.ChannelOnline, ResidentID: binh.ID, At: at})
		wantCode(t, err, danchu.EFORBIDDEN)
		// Even once confirmed in An's place, Bình finds the household counted.
		mustNil(t, db.SetRepresentative(ctx, home.ID, binh.ID, 99, at))
		err = db.CastBallot(ctx, &danchu.Ballot{VoteID: v.ID, HouseholdID: home.ID, Option: 1, Channel: danchu.ChannelOnline, ResidentID: binh.ID, At: at})
		wantCode(t, err, danchu.ECONFLICT)
		// A paper ballot for a household that voted online.
		err = db.CastBallot(ctx, &danchu.Ballot{VoteID: v.ID, HouseholdID: home.ID, Option: 1, Channel: danchu.ChannelPaper, RecordedBy: 99, At: at})
		wantCode(t, err, danchu.ECONFLICT)

		// The other household: paper first, then online is refused.
		mustNil(t, db.CastBallot(ctx, &danchu.Ballot{VoteID: v.ID, HouseholdID: other.ID, Option: 1, Channel: danchu.ChannelPaper, RecordedBy: 99, At: at}))
		err = db.CastBallot(ctx, &danchu.Ballot{VoteID: v.ID, HouseholdID: other.ID, Option: 0, Channel: danchu.ChannelOnline, ResidentID: chi.ID, At: at})
		wantCode(t, err, danchu.ECONFLICT)

		ballots, err := db.Ballots(ctx, v.ID)
		mustNil(t, err)
		if len(ballots) != 2 || ballots[0].HouseholdID != home.ID || ballots[0].Option != 0 || ballots[0].ResidentID != an.ID ||
			ballots[1].Channel != danchu.ChannelPaper || ballots[1].RecordedBy != 99 {
			t.Errorf("ballots: %+v", ballots)
		}

		// The database's own key: a raw second row is refused.
		err = storage.ExecForTest(ctx, db, `INSERT INTO ballots (vote_id, household_id, option_index, channel, recorded_by, at)
			VALUES (?, ?, 1, 'meeting', 99, ?)`, v.ID, home.ID, at.Format(time.RFC3339Nano))
		if err == nil {
			t.Fatal("the database took a second ballot of one household")
		}
	})
}

// Ten presses at once for one household count once.
func TestConcurrentBallotsOfOneHousehold(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		people := mustResidents(t, db, 200, 1, "Tiểu khu 3")
		home := mustHousehold(t, db, "Số 1", people[0])
		v := mustVote(t, db, "Tiểu khu 3", danchu.MatterOther)
		var wg sync.WaitGroup
		codes := make([]string, 10)
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.CastBallot(ctx, &danchu.Ballot{VoteID: v.ID, HouseholdID: home.ID, Option: i % 2,
					Channel: danchu.ChannelOnline, ResidentID: people[0].ID, At: t0.Add(time.Minute)})
				codes[i] = danchu.ErrorCode(err)
			}()
		}
		wg.Wait()
		ok, conflicts := 0, 0
		for _, c := range codes {
			switch c {
			case "":
				ok++
			case danchu.ECONFLICT:
				conflicts++
			default:
				t.Errorf("a press failed with %q", c)
			}
		}
		if ok != 1 || conflicts != 9 {
			t.Errorf("%d counted, %d refused as a repeat; want 1 and 9", ok, conflicts)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM ballots WHERE vote_id = ?`, v.ID); n != 1 {
			t.Errorf("%d ballots stored", n)
		}
	})
}

func TestCastBallotRefuses(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		people := mustResidents(t, db, 300, 2, "Tiểu khu 3")
		home := mustHousehold(t, db, "Số 1", people[0])
		elsewhere, err := db.EnsureHousehold(ctx, "Tiểu khu 4", "Số 1", t0)
		mustNil(t, err)
		online := mustVote(t, db, "Tiểu khu 3", danchu.MatterOther)
		meeting := mustVote(t, db, "Tiểu khu 3", danchu.MatterContribution)
		at := t0.Add(time.Hour)
		for name, c := range map[string]struct {
			b    danchu.Ballot
			code string
		}{
			"before the opening":     {danchu.Ballot{VoteID: online.ID, HouseholdID: home.ID, Option: 0, Channel: danchu.ChannelOnline, ResidentID: people[0].ID, At: t0.Add(-time.Minute)}, danchu.EINVALID},
			"at the closing":         {danchu.Ballot{VoteID: online.ID, HouseholdID: home.ID, Option: 0, Channel: danchu.ChannelOnline, ResidentID: people[0].ID, At: online.ClosesAt}, danchu.EINVALID},
			"no such option":         {danchu.Ballot{VoteID: online.ID, HouseholdID: home.ID, Option: 2, Channel: danchu.ChannelOnline, ResidentID: people[0].ID, At: at}, danchu.EINVALID},
			"abstaining online":      {danchu.Ballot{VoteID: online.ID, HouseholdID: home.ID, Option: danchu.Abstain, Channel: danchu.ChannelOnline, ResidentID: people[0].ID, At: at}, danchu.EINVALID},
			"online, not allowed":    {danchu.Ballot{VoteID: meeting.ID, HouseholdID: home.ID, Option: 0, Channel: danchu.ChannelOnline, ResidentID: people[0].ID, At: at}, danchu.EFORBIDDEN},
			"not the representative": {danchu.Ballot{VoteID: online.ID, HouseholdID: home.ID, Option: 0, Channel: danchu.ChannelOnline, ResidentID: people[1].ID, At: at}, danchu.EFORBIDDEN},
			"another neighbourhood":  {danchu.Ballot{VoteID: online.ID, HouseholdID: elsewhere.ID, Option: 0, Channel: danchu.ChannelPaper, RecordedBy: 99, At: at}, danchu.EINVALID},
			"no such household":      {danchu.Ballot{VoteID: online.ID, HouseholdID: 9999, Option: 0, Channel: danchu.ChannelPaper, RecordedBy: 99, At: at}, danchu.ENOTFOUND},
			"no such vote":           {danchu.Ballot{VoteID: 9999, HouseholdID: home.ID, Option: 0, Channel: danchu.ChannelPaper, RecordedBy: 99, At: at}, danchu.ENOTFOUND},
			"an unknown channel":     {danchu.Ballot{VoteID: online.ID, HouseholdID: home.ID, Option: 0, Channel: "fax", RecordedBy: 99, At: at}, danchu.EINVALID},
		} {
			b := c.b
			if err := db.CastBallot(ctx, &b); danchu.ErrorCode(err) != c.code {
				t.Errorf("%s: %v, want %s", name, err, c.code)
			}
		}
		// A meeting's household present without a choice is recorded.
		mustNil(t, db.CastBallot(ctx, &danchu.Ballot{VoteID: meeting.ID, HouseholdID: home.ID, Option: danchu.Abstain, Channel: danchu.ChannelMeeting, RecordedBy: 99, At: at}))
	})
}

func TestCloseVoteOnceWithItsOutcome(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		people := mustResidents(t, db, 400, 3, "Tiểu khu 3")
		v := mustVote(t, db, "Tiểu khu 3", danchu.MatterOther)
		for i, p := range people {
			h := mustHousehold(t, db, "Số "+string(rune('1'+i)), p)
			mustNil(t, db.CastBallot(ctx, &danchu.Ballot{VoteID: v.ID, HouseholdID: h.ID, Option: 0, Channel: danchu.ChannelOnline, ResidentID: p.ID, At: t0.Add(time.Minute)}))
		}
		if due, _ := db.VotesToAnnounce(ctx, t0); len(due) != 1 {
			t.Fatalf("to announce at the opening: %d", len(due))
		}
		first, err := db.MarkVoteAnnounced(ctx, v.ID, t0)
		mustNil(t, err)
		again, err := db.MarkVoteAnnounced(ctx, v.ID, t0)
		mustNil(t, err)
		if !first || again {
			t.Errorf("MarkVoteAnnounced: %v then %v", first, again)
		}
		if due, _ := db.VotesToClose(ctx, v.ClosesAt.Add(-time.Second)); len(due) != 0 {
			t.Errorf("to close before its time: %d", len(due))
		}
		if due, _ := db.VotesToClose(ctx, v.ClosesAt); len(due) != 1 {
			t.Errorf("to close at its time: %d", len(due))
		}
		decide := danchu.VoteSettings{PassPercent: 50, QuorumPercent: 50}.Decide
		closed, did, err := db.CloseVote(ctx, v.ID, v.ClosesAt, 0, decide)
		mustNil(t, err)
		if !did || closed.ClosedAt == nil || closed.Outcome == nil || closed.Outcome.Turnout != 3 || closed.Outcome.Counts[0] != 3 || closed.Outcome.Passed {
			t.Errorf("closed: %v %+v %+v", did, closed, closed.Outcome)
		}
		_, did, err = db.CloseVote(ctx, v.ID, v.ClosesAt.Add(time.Hour), 7, decide)
		mustNil(t, err)
		if did {
			t.Error("closed twice")
		}
		// Closed but not reported: still listed, so an interrupted close is
		// reported on the next run.
		if due, _ := db.VotesToClose(ctx, v.ClosesAt); len(due) != 1 {
			t.Errorf("closed, not reported: %d listed", len(due))
		}
		if ok, err := db.MarkVoteReported(ctx, v.ID, v.ClosesAt); err != nil || !ok {
			t.Errorf("MarkVoteReported: %v %v", ok, err)
		}
		if due, _ := db.VotesToClose(ctx, v.ClosesAt.Add(time.Hour)); len(due) != 0 {
			t.Errorf("reported: %d still listed", len(due))
		}
		err = db.CastBallot(ctx, &danchu.Ballot{VoteID: v.ID, HouseholdID: 1, Option: 0, Channel: danchu.ChannelPaper, RecordedBy: 99, At: t0.Add(time.Hour)})
		wantCode(t, err, danchu.EINVALID) // closed: before its closing time, still no ballot
		_, _, err = db.CloseVote(ctx, 9999, t0, 0, decide)
		wantCode(t, err, danchu.ENOTFOUND)
	})
}

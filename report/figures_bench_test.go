package report_test

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"

	"danchu"
	"danchu/report"
	"danchu/storage"
	"danchu/storage/storagetest"
)

// The size of the generated data. The default keeps `make bench` short;
// the full size is
//
//	go test ./report -run '^$' -bench BenchmarkHalfYearFigures -benchtime 1x -figures.petitions 1000000
//
// which writes 1,000,000 petitions to PostgreSQL and 100,000 to SQLite.
var benchPetitions = flag.Int("figures.petitions", 20000,
	"petitions generated in PostgreSQL for BenchmarkHalfYearFigures (SQLite gets a tenth; residents a tenth, households a fiftieth)")

// BenchmarkHalfYearFigures computes the figures of 2027-H1 and 2026-H1 over
// five years of generated data on each engine.
func BenchmarkHalfYearFigures(b *testing.B) {
	for _, e := range []struct {
		name      string
		url       func(testing.TB) string
		petitions int
	}{
		{storage.EngineSQLite, storagetest.SQLiteURL, *benchPetitions / 10},
		{storage.EnginePostgres, storagetest.PostgresURL, *benchPetitions},
	} {
		b.Run(fmt.Sprintf("%s/%d", e.name, e.petitions), func(b *testing.B) {
			db := storagetest.MustOpen(b, e.url(b))
			db.Location = settings.Location()
			start := time.Now()
			g := generator{petitions: e.petitions, residents: max(100, *benchPetitions/10), households: max(20, *benchPetitions/50)}
			if err := g.write(b.Context(), db); err != nil {
				b.Fatal(err)
			}
			b.Logf("generated %d petitions, %d residents, %d households in %s", g.petitions, g.residents, g.households,
				time.Since(start).Round(time.Millisecond))
			period, err := settings.ParseReportPeriod("2027-H1")
			if err != nil {
				b.Fatal(err)
			}
			var r *report.Report
			b.ResetTimer()
			for b.Loop() {
				r, err = report.Compute(b.Context(), db, settings, period)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.Logf("2027-H1: %d petitions received (%d answered, %d open), year before %d",
				r.Current.Petitions.All.Received, r.Current.Petitions.All.Answered, r.Current.Petitions.All.Open,
				r.Previous.Petitions.All.Received)
		})
	}
}

// generator writes five years of a commune's data, from 01/07/2022 to
// 30/06/2027, with bulk inserts: COPY on PostgreSQL, multi-row INSERT in
// one transaction on SQLite.
type generator struct {
	petitions, residents, households int
}

var (
	genStart = time.Date(2022, 7, 1, 0, 0, 0, 0, time.UTC)
	genSpan  = time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC).Sub(genStart)
)

// tsText is a time as the stores write it (storage.timeLayout): both
// engines read it, and SQLite compares it as text.
func tsText(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z07:00") }

func (g generator) write(ctx context.Context, db *storage.DB) error {
	rng := rand.New(rand.NewPCG(1, 2))
	at := func() time.Time { return genStart.Add(time.Duration(rng.Int64N(int64(genSpan)))) }
	nbs := settings.Neighbourhoods
	w := &bulk{ctx: ctx, db: db.SQL(), pg: db.Engine() == storage.EnginePostgres}

	err := w.rows("residents", []string{"id", "telegram_id", "full_name", "neighbourhood", "created_at", "updated_at"}, g.residents,
		func(i int) []any {
			t := tsText(at())
			return []any{i + 1, 100000 + i, "", nbs[i%len(nbs)].Name, t, t}
		})
	if err == nil {
		err = w.rows("households", []string{"id", "neighbourhood", "address", "address_key", "representative_id", "confirmed_by", "confirmed_at", "created_at"}, g.households,
			func(i int) []any {
				t := at()
				var rep, conf any
				if i%4 != 0 { // three in four confirmed
					rep, conf = i+1, tsText(t.Add(48*time.Hour))
				}
				return []any{i + 1, nbs[i%len(nbs)].Name, fmt.Sprintf("Số %d", i), fmt.Sprintf("so %d", i), rep, 0, conf, tsText(t)}
			})
	}
	if err != nil {
		return err
	}

	// Petitions and their events: each received, most accepted, most of
	// those answered within 10 to 40 days, the rest refused, transferred,
	// withdrawn or still open.
	type step struct {
		petition int
		at       time.Time
		action   danchu.Action
		from, to danchu.Status
	}
	var events []step
	var ratings [][]any
	seq := map[int]int{}
	err = w.rows("petitions", []string{"id", "number", "year", "seq", "kind", "field", "neighbourhood", "resident_id", "content",
		"status", "received_at", "accept_due", "resolve_due", "accepted_at", "answered_at", "extensions", "version", "created_at", "updated_at"}, g.petitions,
		func(i int) []any {
			id := i + 1
			recv := at()
			year := recv.In(settings.Location()).Year()
			seq[year]++
			kind := danchu.Kinds[rng.IntN(len(danchu.Kinds))]
			acceptDue, resolveDue := recv.Add(10*24*time.Hour), recv.Add(40*24*time.Hour)
			status := danchu.StatusReceived
			events = append(events, step{id, recv, danchu.ActionSubmit, "", danchu.StatusReceived})
			var accepted, answered any
			ext := 0
			switch r := rng.IntN(100); {
			case r < 75:
				a := recv.Add(time.Duration(1+rng.IntN(12)) * 24 * time.Hour)
				accepted, status = tsText(a), danchu.StatusAccepted
				events = append(events, step{id, a, danchu.ActionAccept, danchu.StatusReceived, danchu.StatusAccepted})
				if kind.Extendable() && rng.IntN(10) == 0 {
					ext = 1
					events = append(events, step{id, a.Add(24 * time.Hour), danchu.ActionExtend, danchu.StatusAccepted, danchu.StatusInProgress})
				}
				if r < 68 {
					ans := a.Add(time.Duration(5+rng.IntN(35)) * 24 * time.Hour)
					answered, status = tsText(ans), danchu.StatusAnswered
					events = append(events, step{id, ans, danchu.ActionAnswer, danchu.StatusAccepted, danchu.StatusAnswered})
					if rng.IntN(3) == 0 {
						ratings = append(ratings, []any{id, nil, 0, 1 + rng.IntN(5), tsText(ans.Add(24 * time.Hour))})
					}
				}
			case r < 82:
				status = danchu.StatusRefused
				events = append(events, step{id, recv.Add(72 * time.Hour), danchu.ActionRefuse, danchu.StatusReceived, status})
			case r < 88:
				status = danchu.StatusTransferred
				events = append(events, step{id, recv.Add(72 * time.Hour), danchu.ActionTransfer, danchu.StatusReceived, status})
			case r < 92:
				status = danchu.StatusWithdrawn
				events = append(events, step{id, recv.Add(24 * time.Hour), danchu.ActionWithdraw, danchu.StatusReceived, status})
			}
			nb := ""
			if rng.IntN(10) != 0 {
				nb = nbs[rng.IntN(len(nbs))].Name
			}
			t := tsText(recv)
			return []any{id, fmt.Sprintf("HT-%d-%06d", year, seq[year]), year, seq[year], string(kind),
				settings.Fields[rng.IntN(len(settings.Fields))], nb, 1 + rng.IntN(g.residents), "",
				string(status), t, tsText(acceptDue), tsText(resolveDue), accepted, answered, ext, 1, t, t}
		})
	if err != nil {
		return err
	}
	err = w.rows("petition_events", []string{"id", "petition_id", "at", "action", "from_status", "to_status"}, len(events),
		func(i int) []any {
			e := events[i]
			return []any{i + 1, e.petition, tsText(e.at), string(e.action), string(e.from), string(e.to)}
		})
	if err == nil {
		err = w.rows("ratings", []string{"petition_id", "resident_id", "handler_id", "score", "at"}, len(ratings),
			func(i int) []any { return ratings[i] })
	}
	if err != nil {
		return err
	}
	if err := g.danBan(w, rng, at); err != nil {
		return err
	}
	return w.analyze()
}

// danBan writes five years of notices, disclosures, dialogues, votes,
// consultations and reception bookings, each with what hangs on it.
func (g generator) danBan(w *bulk, rng *rand.Rand, at func() time.Time) error {
	nbs := settings.Neighbourhoods
	cats := settings.Disclosures.Categories
	const perBroadcast = 50 // outbox rows per notice and disclosure
	const notices, disclosures = 500, 750
	var outbox [][]any
	broadcast := 0
	send := func() int {
		broadcast++
		for range perBroadcast {
			status := danchu.OutboxSent
			if rng.IntN(20) == 0 {
				status = danchu.OutboxUnreachable
			}
			outbox = append(outbox, []any{len(outbox) + 1, 1, "", broadcast, status, tsText(genStart), tsText(genStart)})
		}
		return broadcast
	}
	var answers [][]any
	err := w.rows("notices", []string{"id", "audience", "text", "meeting_at", "broadcast_id", "created_at"}, notices, func(i int) []any {
		t := at()
		audience := `{"all":true}`
		if i%2 == 1 {
			audience = fmt.Sprintf(`{"neighbourhoods":[%q]}`, nbs[i%len(nbs)].Name)
		}
		var meeting any
		if i%3 == 0 {
			meeting = tsText(t.Add(5 * 24 * time.Hour))
			for h := range min(30, g.households) {
				answers = append(answers, []any{i + 1, nil, 1 + (i*7+h)%g.households, danchu.MeetingAnswers[h%3], tsText(t.Add(time.Hour))})
			}
		}
		return []any{i + 1, audience, "Thông báo", meeting, send(), tsText(t)}
	})
	if err == nil {
		err = w.rows("meeting_answers", []string{"notice_id", "resident_id", "household_id", "answer", "at"}, len(answers),
			func(i int) []any { return answers[i] })
	}
	if err == nil {
		err = w.rows("disclosures", []string{"id", "category", "title", "body", "posted_from", "posted_until", "broadcast_id", "published_at"}, disclosures,
			func(i int) []any {
				t := tsText(at())
				return []any{i + 1, cats[i%len(cats)].Key, "Công khai", "", t, t, send(), t}
			})
	}
	if err == nil {
		err = w.rows("outbox", []string{"id", "chat_id", "text", "broadcast_id", "status", "not_before", "created_at"}, len(outbox),
			func(i int) []any { return outbox[i] })
	}
	if err != nil {
		return err
	}

	const dialogues, perDialogue = 60, 30
	err = w.rows("dialogues", []string{"id", "topic", "audience", "at", "place", "questions_until", "created_at"}, dialogues, func(i int) []any {
		t := at()
		return []any{i + 1, "Đối thoại", `{"all":true}`, tsText(t), "Hội trường", tsText(t.Add(-time.Hour)), tsText(t)}
	})
	if err == nil {
		err = w.rows("questions", []string{"id", "dialogue_id", "text", "status", "answer_kind", "answer_due", "answered_at", "created_at", "updated_at"},
			dialogues*perDialogue, func(i int) []any {
				t := tsText(genStart.Add(time.Duration(i) * time.Hour))
				status, kind, due, answered := string(danchu.QuestionOpen), "", any(nil), any(nil)
				switch i % 5 {
				case 1:
					status, kind, answered = string(danchu.QuestionAnswered), danchu.AnswerAtSession, t
				case 2:
					status, kind, due = string(danchu.QuestionWritten), danchu.AnswerInWriting, t
				case 3:
					status = string(danchu.QuestionMerged)
				}
				return []any{i + 1, 1 + i/perDialogue, "Câu hỏi", status, kind, due, answered, t, t}
			})
	}
	if err != nil {
		return err
	}

	const votes = 200
	perVote := min(100, g.households)
	err = w.rows("votes", []string{"id", "question", "matter", "options", "neighbourhood", "households", "opens_at", "closes_at", "created_at", "closed_at", "outcome"},
		votes, func(i int) []any {
			t := at()
			passed := i%3 != 0
			return []any{i + 1, "Biểu quyết", string(danchu.Matters[i%len(danchu.Matters)]), `["Đồng ý","Không đồng ý"]`,
				nbs[i%len(nbs)].Name, nbs[i%len(nbs)].Households, tsText(t), tsText(t.Add(72 * time.Hour)), tsText(t),
				tsText(t.Add(72 * time.Hour)), fmt.Sprintf(`{"passed":%t}`, passed)}
		})
	if err == nil {
		err = w.rows("ballots", []string{"id", "vote_id", "household_id", "option_index", "channel", "at"}, votes*perVote, func(i int) []any {
			v := i / perVote
			return []any{i + 1, v + 1, 1 + i%perVote, i % 2, string(danchu.Channels[v%len(danchu.Channels)]), tsText(genStart)}
		})
	}
	if err != nil {
		return err
	}

	const consultations, perConsultation = 50, 50
	err = w.rows("consultations", []string{"id", "title", "kind", "summary", "audience", "opens_at", "closes_at", "created_at", "published_at"},
		consultations, func(i int) []any {
			t := at()
			return []any{i + 1, "Dự thảo", string(danchu.ConsultationKinds[i%len(danchu.ConsultationKinds)]), "Tóm tắt", `{"all":true}`,
				tsText(t), tsText(t.Add(30 * 24 * time.Hour)), tsText(t), tsText(t.Add(35 * 24 * time.Hour))}
		})
	if err == nil {
		err = w.rows("comments", []string{"id", "consultation_id", "text", "at"}, consultations*perConsultation, func(i int) []any {
			return []any{i + 1, 1 + i/perConsultation, "Góp ý", tsText(at())}
		})
	}
	if err == nil {
		statuses := []string{danchu.BookingReceived, danchu.BookingReceived, danchu.BookingAbsent, danchu.BookingCancelled}
		err = w.rows("reception_bookings", []string{"id", "host", "slot_start", "topic", "status", "created_at", "updated_at"}, 1500, func(i int) []any {
			t := tsText(at().Truncate(time.Hour))
			return []any{i + 1, settings.Reception.Hosts[i%len(settings.Reception.Hosts)].Key, t, "Chủ đề", statuses[i%len(statuses)], t, t}
		})
	}
	return err
}

// bulk writes many rows fast: COPY on PostgreSQL, multi-row INSERT in one
// transaction on SQLite.
type bulk struct {
	ctx context.Context
	db  *sql.DB
	pg  bool
}

func (w *bulk) rows(table string, cols []string, n int, row func(i int) []any) error {
	if n == 0 {
		return nil
	}
	tx, err := w.db.BeginTx(w.ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", table, err)
	}
	defer tx.Rollback()
	if w.pg {
		stmt, err := tx.PrepareContext(w.ctx, pq.CopyIn(table, cols...))
		if err != nil {
			return fmt.Errorf("%s: copy: %w", table, err)
		}
		for i := range n {
			if _, err := stmt.ExecContext(w.ctx, row(i)...); err != nil {
				return fmt.Errorf("%s: copy row %d: %w", table, i, err)
			}
		}
		if _, err := stmt.ExecContext(w.ctx); err != nil {
			return fmt.Errorf("%s: copy: %w", table, err)
		}
		if err := stmt.Close(); err != nil {
			return fmt.Errorf("%s: copy: %w", table, err)
		}
	} else {
		per := 30000 / len(cols) // under SQLite's limit of variables
		marks := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
		head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
		for lo := 0; lo < n; lo += per {
			hi := min(n, lo+per)
			args := make([]any, 0, (hi-lo)*len(cols))
			for i := lo; i < hi; i++ {
				args = append(args, row(i)...)
			}
			q := head + strings.TrimSuffix(strings.Repeat(marks+", ", hi-lo), ", ")
			if _, err := tx.ExecContext(w.ctx, q, args...); err != nil {
				return fmt.Errorf("%s: insert: %w", table, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", table, err)
	}
	return nil
}

// analyze refreshes the planner's statistics, as autovacuum would after a
// load of this size.
func (w *bulk) analyze() error {
	if _, err := w.db.ExecContext(w.ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}

// Package report computes the figures of a report period from the stores
// and turns them into the files the office sends: a spreadsheet, charts and
// a draft .docx. The figures hold counts only, never a name, phone, address
// or petition text.
package report

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"danchu"
)

// Report is the figures of a period beside those of the same period a year
// before ("so với cùng kỳ năm trước").
type Report struct {
	Period   danchu.ReportPeriod `json:"period"`
	Current  danchu.Figures      `json:"current"`
	Previous danchu.Figures      `json:"previous"`
}

// Compute counts the figures of p and of p.YearBefore() from store, in the
// order and with the titles of the settings: every kind, field,
// neighbourhood, category and host of the settings appears, with zero when
// nothing was counted, followed by any other key the data holds. Errors
// are the store's (ReportFiguresService), wrapped with the section.
func Compute(ctx context.Context, store danchu.ReportFiguresService, s *danchu.Settings, p danchu.ReportPeriod) (*Report, error) {
	r := &Report{Period: p}
	cal := danchu.NewCalendar(s)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, x := range []struct {
		period danchu.ReportPeriod
		dest   *danchu.Figures
	}{{p, &r.Current}, {p.YearBefore(), &r.Previous}} {
		wg.Go(func() { errs[i] = figures(ctx, store, s, cal, x.period, x.dest) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return r, nil
}

// figures counts one period, its sections in parallel: each is one or a
// few statements, and PostgreSQL runs them on separate connections.
func figures(ctx context.Context, store danchu.ReportFiguresService, s *danchu.Settings, cal *danchu.Calendar, p danchu.ReportPeriod, f *danchu.Figures) error {
	f.Period = p
	names := make([]string, len(s.Neighbourhoods))
	for i, n := range s.Neighbourhoods {
		names[i] = n.Name
	}
	sections := []struct {
		name string
		run  func() error
	}{
		{"petitions", func() (err error) { f.Petitions, err = store.ReportPetitions(ctx, p.From, p.To); return }},
		{"reception", func() (err error) { f.Reception, err = store.ReportReception(ctx, p.From, p.To); return }},
		{"dialogues", func() (err error) { f.Dialogues, err = store.ReportDialogues(ctx, p.From, p.To); return }},
		{"disclosures", func() (err error) { f.Disclosures, err = store.ReportDisclosures(ctx, p.From, p.To); return }},
		{"notices", func() (err error) { f.Notices, err = store.ReportNotices(ctx, p.From, p.To, names); return }},
		{"consultations", func() (err error) { f.Consultations, err = store.ReportConsultations(ctx, p.From, p.To); return }},
		{"votes", func() (err error) { f.Votes, err = store.ReportVotes(ctx, p.From, p.To); return }},
		{"residents", func() (err error) { f.Residents, err = store.ReportResidents(ctx, p.From, p.To); return }},
	}
	var wg sync.WaitGroup
	errs := make([]error, len(sections))
	for i, sec := range sections {
		wg.Go(func() {
			if err := sec.run(); err != nil {
				errs[i] = fmt.Errorf("report %s, %s: %w", p.Key, sec.name, err)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	normalise(s, cal, f)
	return nil
}

// Titles of keys that are not in the settings.
const (
	noNeighbourhood = "Không xác định"
	channelTelegram = "telegram"
)

var channelNames = map[string]string{channelTelegram: "Telegram"}

// normalise puts the store's counts in the settings' order with their
// titles and zeros, and computes what needs the settings or the calendar.
func normalise(s *danchu.Settings, cal *danchu.Calendar, f *danchu.Figures) {
	pet := &f.Petitions
	byKind := map[danchu.Kind]danchu.PetitionTally{}
	for _, k := range pet.ByKind {
		byKind[k.Kind] = k.PetitionTally
	}
	pet.ByKind = pet.ByKind[:0:0]
	for _, k := range danchu.Kinds {
		pet.ByKind = append(pet.ByKind, danchu.KindTally{Kind: k, PetitionTally: byKind[k]})
		delete(byKind, k)
	}
	for _, k := range sortedKeys(byKind) { // a kind the data holds and the code no longer knows
		pet.ByKind = append(pet.ByKind, danchu.KindTally{Kind: danchu.Kind(k), PetitionTally: byKind[danchu.Kind(k)]})
	}
	pet.ByField = ordered(pet.ByField, s.Fields, nil)
	pet.ByNeighbourhood = ordered(pet.ByNeighbourhood, neighbourhoodNames(s), map[string]string{"": noNeighbourhood})
	pet.ByChannel = ordered(pet.ByChannel, []string{channelTelegram}, channelNames)
	pet.SetAverage(cal)
	// Every month the period touches, with zeros.
	// Keyed by text: the store's and the settings' zones are equal but
	// not the same pointer, so their times do not compare as map keys.
	months := map[string]danchu.MonthTally{}
	for _, m := range pet.ByMonth {
		months[m.Month.Format("2006-01")] = m
	}
	pet.ByMonth = nil
	loc := s.Location()
	for m := time.Date(f.Period.From.Year(), f.Period.From.Month(), 1, 0, 0, 0, 0, loc); m.Before(f.Period.To); m = m.AddDate(0, 1, 0) {
		t, ok := months[m.Format("2006-01")]
		if !ok {
			t = danchu.MonthTally{Month: m, ByStatus: map[danchu.Status]int{}}
		}
		pet.ByMonth = append(pet.ByMonth, t)
	}
	times := map[string]danchu.FieldTimes{}
	for _, t := range pet.FieldTimes {
		times[t.Field] = t
	}
	pet.FieldTimes = nil
	for _, k := range s.Fields {
		pet.FieldTimes = append(pet.FieldTimes, danchu.FieldTimes{Field: k, OnTime: times[k].OnTime, Late: times[k].Late})
		delete(times, k)
	}
	for _, k := range sortedKeys(times) {
		pet.FieldTimes = append(pet.FieldTimes, times[k])
	}

	hosts := map[string]danchu.HostTally{}
	for _, h := range f.Reception.ByHost {
		hosts[h.Host] = h
	}
	f.Reception.ByHost = nil
	for _, h := range s.Reception.Hosts {
		t := hosts[h.Key]
		t.Host, t.Title = h.Key, h.Title
		f.Reception.ByHost = append(f.Reception.ByHost, t)
		delete(hosts, h.Key)
	}
	for _, k := range sortedKeys(hosts) {
		f.Reception.ByHost = append(f.Reception.ByHost, hosts[k])
	}

	cats := map[string]danchu.CategoryTally{}
	for _, c := range f.Disclosures.ByCategory {
		cats[c.Key] = c
	}
	f.Disclosures.ByCategory = nil
	for _, c := range s.Disclosures.Categories {
		t := cats[c.Key]
		t.Key, t.Title = c.Key, c.Title
		f.Disclosures.ByCategory = append(f.Disclosures.ByCategory, t)
		delete(cats, c.Key)
	}
	for _, k := range sortedKeys(cats) {
		f.Disclosures.ByCategory = append(f.Disclosures.ByCategory, cats[k])
	}

	for i := range f.Notices.ByNeighbourhood {
		m := &f.Notices.ByNeighbourhood[i]
		if n, ok := s.NeighbourhoodByName(m.Neighbourhood); ok {
			m.Households = n.Households
		}
		m.NotAnswered = max(0, m.Meetings*m.Households-m.Answered)
	}

	people := map[string]danchu.NeighbourhoodResidents{}
	for _, r := range f.Residents.ByNeighbourhood {
		people[r.Neighbourhood] = r
	}
	f.Residents.ByNeighbourhood = nil
	for _, n := range s.Neighbourhoods {
		r := people[n.Name]
		r.Neighbourhood, r.Households = n.Name, n.Households
		f.Residents.ByNeighbourhood = append(f.Residents.ByNeighbourhood, r)
		delete(people, n.Name)
	}
	for _, k := range sortedKeys(people) {
		f.Residents.ByNeighbourhood = append(f.Residents.ByNeighbourhood, people[k])
	}
}

func neighbourhoodNames(s *danchu.Settings) []string {
	out := make([]string, len(s.Neighbourhoods))
	for i, n := range s.Neighbourhoods {
		out[i] = n.Name
	}
	return out
}

// ordered lists a count for every key of keys, in their order, then the
// other keys counted, with titles where titles has one.
func ordered(counts []danchu.Count, keys []string, titles map[string]string) []danchu.Count {
	by := map[string]int{}
	for _, c := range counts {
		by[c.Key] += c.Count
	}
	out := make([]danchu.Count, 0, len(keys)+len(by))
	for _, k := range keys {
		out = append(out, danchu.Count{Key: k, Title: titles[k], Count: by[k]})
		delete(by, k)
	}
	for _, k := range sortedKeys(by) {
		out = append(out, danchu.Count{Key: k, Title: titles[k], Count: by[k]})
	}
	return out
}

func sortedKeys[K ~string, V any](m map[K]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, string(k))
	}
	slices.Sort(keys) // so that two runs write the same files
	return keys
}

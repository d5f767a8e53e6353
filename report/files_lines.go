package report

import (
	"math"
	"strings"

	"danchu"
)

// The spreadsheet and the .docx show the same figures in the same order:
// both render the sections built here, so a figure cannot be in one and
// missing from the other.

// line is one figure: what it counts, its unit, its value in the period and
// in the same period a year before. NaN is "no figure" (a rate with nothing
// to divide by).
type line struct {
	Label    string
	Unit     string
	Now      float64
	Before   float64
	Decimals int  // 1 for rates and averages, 0 for counts
	Item     bool // a part of the figure above it, shown indented
	Group    bool // a heading inside the section, with no figures
	Key      bool // a headline figure, on the summary sheet too
}

// Change is the figure less the one a year before.
func (l line) Change() float64 { return l.Now - l.Before }

// ChangePercent is the change as a share of the figure a year before; NaN
// for a rate (its change is in points, shown by Change) or when there was
// nothing a year before.
func (l line) ChangePercent() float64 {
	if l.Unit == "%" || l.Before == 0 || math.IsNaN(l.Before) {
		return math.NaN()
	}
	return 100 * (l.Now - l.Before) / l.Before
}

// headline marks a line for the summary sheet and the summary of the
// report.
func headline(l line) line {
	l.Key = true
	return l
}

// section is a part of the report: one sheet of the spreadsheet and one
// numbered heading under "I. Kết quả thực hiện".
type section struct {
	Title string // "Tiếp nhận, giải quyết đơn thư"
	Sheet string // sheet name, at most 31 characters
	Lines []line
}

func count(label, unit string, now, before int) line {
	return line{Label: label, Unit: unit, Now: float64(now), Before: float64(before)}
}

func item(label, unit string, now, before int) line {
	l := count(label, unit, now, before)
	l.Item = true
	return l
}

func group(label string) line { return line{Label: label, Group: true} }

// percent is part/whole as a percentage, NaN when whole is 0.
func percent(part, whole int) float64 {
	if whole == 0 {
		return math.NaN()
	}
	return 100 * float64(part) / float64(whole)
}

func rate(label string, now, before float64) line {
	return line{Label: label, Unit: "%", Now: now, Before: before, Decimals: 1}
}

// keyed lines up two lists of counts by key: the period's keys in their
// order (that of the settings), then keys only the year before had.
func keyed[T any](now, before []T, key func(T) string) (keys []string, nowBy, beforeBy map[string]T) {
	nowBy, beforeBy = map[string]T{}, map[string]T{}
	for _, v := range now {
		k := key(v)
		if _, ok := nowBy[k]; !ok {
			keys = append(keys, k)
		}
		nowBy[k] = v
	}
	for _, v := range before {
		k := key(v)
		if _, ok := nowBy[k]; !ok {
			if _, ok := beforeBy[k]; !ok {
				keys = append(keys, k)
			}
		}
		beforeBy[k] = v
	}
	return keys, nowBy, beforeBy
}

func countLines(now, before []danchu.Count, unit string, label func(danchu.Count) string) []line {
	keys, n, b := keyed(now, before, func(c danchu.Count) string { return c.Key })
	var out []line
	for _, k := range keys {
		c, ok := n[k]
		if !ok {
			c = b[k]
		}
		out = append(out, item(label(c), unit, n[k].Count, b[k].Count))
	}
	return out
}

// capitalize puts the first letter in upper case: "kiến nghị" → "Kiến nghị".
func capitalize(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// sections builds every section of the report from the figures of the
// period and of the same period a year before. level names a
// neighbourhood in the settings' word ("tiểu khu").
func sections(level string, now, before *danchu.Figures) []section {
	level = strings.ToLower(level)
	if level == "" {
		level = "tiểu khu"
	}
	return []section{
		petitionSection(level, &now.Petitions, &before.Petitions),
		receptionSection(&now.Reception, &before.Reception),
		dialogueSection(&now.Dialogues, &before.Dialogues),
		disclosureSection(&now.Disclosures, &before.Disclosures),
		noticeSection(level, &now.Notices, &before.Notices),
		consultationSection(&now.Consultations, &before.Consultations),
		voteSection(&now.Votes, &before.Votes),
		residentSection(level, &now.Residents, &before.Residents),
	}
}

// onTimeRate is the share of petitions whose resolution fell due or came
// that were answered by the due date.
func onTimeRate(t danchu.PetitionTally) float64 {
	return percent(t.ResolveOnTime, t.ResolveOnTime+t.ResolveLate+t.ResolveOverdue)
}

func petitionSection(level string, now, before *danchu.PetitionSection) section {
	n, b := now.All, before.All
	lines := []line{
		headline(count("Tổng số đơn thư tiếp nhận", "đơn", n.Received, b.Received)),
	}
	kinds, nk, bk := keyed(now.ByKind, before.ByKind, func(k danchu.KindTally) string { return string(k.Kind) })
	kinds = kindOrder(kinds)
	for _, k := range kinds {
		lines = append(lines, item(capitalize(danchu.Kind(k).Label()), "đơn", nk[k].Received, bk[k].Received))
	}
	lines = append(lines,
		group("Kết quả xử lý (đến hết kỳ báo cáo)"),
		count("Đã thụ lý", "đơn", n.Accepted, b.Accepted),
		count("Không thụ lý", "đơn", n.Refused, b.Refused),
		count("Chuyển đơn đến cơ quan có thẩm quyền", "đơn", n.Transferred, b.Transferred),
		headline(count("Đã trả lời, giải quyết", "đơn", n.Answered, b.Answered)),
		count("Công dân rút đơn", "đơn", n.Withdrawn, b.Withdrawn),
		count("Đã đóng hồ sơ", "đơn", n.Closed, b.Closed),
		count("Còn đang xử lý", "đơn", n.Open, b.Open),
		group("Thời hạn thụ lý"),
		count("Thụ lý đúng hạn", "đơn", n.AcceptOnTime, b.AcceptOnTime),
		count("Thụ lý trễ hạn", "đơn", n.AcceptLate, b.AcceptLate),
		count("Quá hạn chưa thụ lý", "đơn", n.AcceptOverdue, b.AcceptOverdue),
		group("Thời hạn giải quyết"),
		count("Giải quyết đúng hạn", "đơn", n.ResolveOnTime, b.ResolveOnTime),
		count("Giải quyết trễ hạn", "đơn", n.ResolveLate, b.ResolveLate),
		count("Quá hạn chưa giải quyết", "đơn", n.ResolveOverdue, b.ResolveOverdue),
		headline(rate("Tỷ lệ giải quyết đúng hạn", onTimeRate(n), onTimeRate(b))),
		headline(line{Label: "Thời gian giải quyết bình quân", Unit: "ngày làm việc", Now: now.AverageWorkingDays, Before: before.AverageWorkingDays, Decimals: 1}),
		count("Số lần gia hạn giải quyết", "lần", n.Extensions, b.Extensions),
		count("Số đơn được gia hạn", "đơn", n.Extended, b.Extended),
	)
	for _, k := range kinds {
		nt, bt := nk[k].PetitionTally, bk[k].PetitionTally
		lines = append(lines,
			group("Đơn "+danchu.Kind(k).Label()),
			item("Tiếp nhận", "đơn", nt.Received, bt.Received),
			item("Đã trả lời, giải quyết", "đơn", nt.Answered, bt.Answered),
			item("Giải quyết đúng hạn", "đơn", nt.ResolveOnTime, bt.ResolveOnTime),
			item("Giải quyết trễ hạn", "đơn", nt.ResolveLate, bt.ResolveLate),
			item("Quá hạn chưa giải quyết", "đơn", nt.ResolveOverdue, bt.ResolveOverdue),
		)
	}
	lines = append(lines, group("Đơn thư tiếp nhận theo lĩnh vực"))
	lines = append(lines, countLines(now.ByField, before.ByField, "đơn", func(c danchu.Count) string {
		return orDefault(c.Title, c.Key, "Chưa phân loại")
	})...)
	lines = append(lines, group("Đơn thư tiếp nhận theo "+level))
	lines = append(lines, countLines(now.ByNeighbourhood, before.ByNeighbourhood, "đơn", func(c danchu.Count) string {
		return orDefault(c.Title, c.Key, "Không xác định "+level)
	})...)
	lines = append(lines, group("Đơn thư tiếp nhận theo hình thức"))
	lines = append(lines, countLines(now.ByChannel, before.ByChannel, "đơn", func(c danchu.Count) string {
		return orDefault(c.Title, c.Key, "Khác")
	})...)
	r, rb := now.Ratings, before.Ratings
	lines = append(lines,
		group("Đánh giá mức độ hài lòng của người dân"),
		count("Số lượt đánh giá", "lượt", r.Count, rb.Count),
		headline(line{Label: "Điểm hài lòng bình quân (thang 5 điểm)", Unit: "điểm", Now: avgOrNaN(r), Before: avgOrNaN(rb), Decimals: 1}),
	)
	for i := 4; i >= 0; i-- {
		lines = append(lines, item(starLabel(i+1), "lượt", r.Scores[i], rb.Scores[i]))
	}
	return section{Title: "Tiếp nhận, xử lý và giải quyết đơn thư", Sheet: "Đơn thư", Lines: lines}
}

func starLabel(n int) string {
	return "Đánh giá " + string(rune('0'+n)) + " điểm"
}

func avgOrNaN(r danchu.RatingSection) float64 {
	if r.Count == 0 {
		return math.NaN()
	}
	return r.Average()
}

// kindOrder puts the kinds in danchu.Kinds order, unknown ones last.
func kindOrder(keys []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range danchu.Kinds {
		for _, key := range keys {
			if key == string(k) {
				out = append(out, key)
				seen[key] = true
			}
		}
	}
	for _, key := range keys {
		if !seen[key] {
			out = append(out, key)
		}
	}
	return out
}

func orDefault(title, key, empty string) string {
	if title != "" {
		return title
	}
	if key != "" {
		return key
	}
	return empty
}

func receptionSection(now, before *danchu.ReceptionSection) section {
	lines := []line{
		headline(count("Số buổi tiếp công dân", "buổi", now.Sessions, before.Sessions)),
		headline(count("Số lượt công dân được tiếp", "lượt người", now.People, before.People)),
		count("Số vụ việc", "vụ việc", now.Cases, before.Cases),
		count("Số đoàn đông người", "đoàn", now.Delegations, before.Delegations),
		count("Công dân đăng ký nhưng không đến", "lượt", now.Absent, before.Absent),
		count("Công dân hủy lịch đăng ký", "lượt", now.Cancelled, before.Cancelled),
		count("Lịch đăng ký đang chờ tiếp", "lượt", now.Booked, before.Booked),
	}
	hosts, nh, bh := keyed(now.ByHost, before.ByHost, func(h danchu.HostTally) string { return h.Host })
	if len(hosts) > 0 {
		lines = append(lines, group("Theo người chủ trì tiếp công dân"))
	}
	for _, h := range hosts {
		t := nh[h]
		if t.Title == "" {
			t.Title = bh[h].Title
		}
		name := orDefault(t.Title, h, "Khác")
		lines = append(lines,
			item(name+": số buổi", "buổi", nh[h].Sessions, bh[h].Sessions),
			item(name+": số lượt người", "lượt người", nh[h].People, bh[h].People),
		)
	}
	return section{Title: "Tiếp công dân", Sheet: "Tiếp công dân", Lines: lines}
}

func dialogueSection(now, before *danchu.DialogueSection) section {
	return section{Title: "Đối thoại trực tiếp với Nhân dân", Sheet: "Đối thoại", Lines: []line{
		headline(count("Số hội nghị đối thoại đã tổ chức", "hội nghị", now.Held, before.Held)),
		headline(count("Số câu hỏi, ý kiến nhận được", "câu hỏi", now.Questions, before.Questions)),
		item("Gộp với câu hỏi trùng nội dung", "câu hỏi", now.Merged, before.Merged),
		item("Không đăng do vi phạm quy định", "câu hỏi", now.Hidden, before.Hidden),
		count("Trả lời trực tiếp tại hội nghị", "câu hỏi", now.AnsweredAtSession, before.AnsweredAtSession),
		count("Trả lời bằng văn bản", "câu hỏi", now.AnsweredInWriting, before.AnsweredInWriting),
		count("Chưa trả lời bằng văn bản", "câu hỏi", now.WrittenPending, before.WrittenPending),
		count("Trả lời bằng văn bản quá hạn đã hẹn", "câu hỏi", now.WrittenLate, before.WrittenLate),
	}}
}

func disclosureSection(now, before *danchu.DisclosureSection) section {
	lines := []line{headline(count("Tổng số nội dung đã công khai", "nội dung", now.Items, before.Items))}
	cats, nc, bc := keyed(now.ByCategory, before.ByCategory, func(c danchu.CategoryTally) string { return c.Key })
	if len(cats) > 0 {
		lines = append(lines, group("Theo nội dung công khai (Điều 11 Luật Thực hiện dân chủ ở cơ sở)"))
	}
	sent, delivered := 0, 0
	sentB, deliveredB := 0, 0
	for _, k := range cats {
		t := nc[k]
		if t.Title == "" {
			t.Title = bc[k].Title
		}
		lines = append(lines, item(orDefault(t.Title, k, "Khác"), "nội dung", nc[k].Items, bc[k].Items))
		sent, delivered = sent+nc[k].Sent, delivered+nc[k].Delivered
		sentB, deliveredB = sentB+bc[k].Sent, deliveredB+bc[k].Delivered
	}
	lines = append(lines,
		group("Gửi đến người dân qua ứng dụng"),
		count("Số tin nhắn công khai đã gửi", "tin nhắn", sent, sentB),
		count("Số tin nhắn đã đến người nhận", "tin nhắn", delivered, deliveredB),
	)
	return section{Title: "Công khai thông tin", Sheet: "Công khai", Lines: lines}
}

func noticeSection(level string, now, before *danchu.NoticeSection) section {
	lines := []line{
		headline(count("Số thông báo đã phát hành", "thông báo", now.Notices, before.Notices)),
		item("Trong đó thông báo họp", "thông báo", now.Meetings, before.Meetings),
		count("Số tin nhắn đã gửi", "tin nhắn", now.Sent, before.Sent),
		count("Số tin nhắn đã đến người nhận", "tin nhắn", now.Delivered, before.Delivered),
	}
	keys, nn, bn := keyed(now.ByNeighbourhood, before.ByNeighbourhood, func(m danchu.NeighbourhoodMeetings) string { return m.Neighbourhood })
	if len(keys) > 0 {
		lines = append(lines, group("Hộ gia đình trả lời thông báo họp theo "+level+" (lượt hộ)"))
	}
	ans, not, ansB, notB := 0, 0, 0, 0
	for _, k := range keys {
		name := orDefault("", k, "Không xác định "+level)
		lines = append(lines,
			item(name+": đã trả lời", "lượt hộ", nn[k].Answered, bn[k].Answered),
			item(name+": chưa trả lời", "lượt hộ", nn[k].NotAnswered, bn[k].NotAnswered),
		)
		ans, not = ans+nn[k].Answered, not+nn[k].NotAnswered
		ansB, notB = ansB+bn[k].Answered, notB+bn[k].NotAnswered
	}
	lines = append(lines, headline(rate("Tỷ lệ hộ trả lời thông báo họp", percent(ans, ans+not), percent(ansB, ansB+notB))))
	return section{Title: "Thông báo, thông báo họp", Sheet: "Thông báo", Lines: lines}
}

func consultationSection(now, before *danchu.ConsultationSection) section {
	return section{Title: "Lấy ý kiến Nhân dân; hương ước, quy ước", Sheet: "Lấy ý kiến", Lines: []line{
		headline(count("Số cuộc lấy ý kiến đã tổ chức", "cuộc", now.All.Held, before.All.Held)),
		headline(count("Số ý kiến góp ý nhận được", "ý kiến", now.All.Comments, before.All.Comments)),
		count("Số báo cáo tổng hợp ý kiến đã công khai", "báo cáo", now.All.Summaries, before.All.Summaries),
		group("Hương ước, quy ước"),
		item("Dự thảo đưa ra lấy ý kiến", "dự thảo", now.Conventions.Held, before.Conventions.Held),
		item("Ý kiến góp ý dự thảo", "ý kiến", now.Conventions.Comments, before.Conventions.Comments),
		item("Báo cáo tổng hợp đã công khai", "báo cáo", now.Conventions.Summaries, before.Conventions.Summaries),
		item("Hương ước, quy ước được thông qua", "văn bản", now.ConventionsAdopted, before.ConventionsAdopted),
	}}
}

func voteSection(now, before *danchu.VoteSection) section {
	return section{Title: "Nhân dân bàn và quyết định (biểu quyết)", Sheet: "Biểu quyết", Lines: []line{
		headline(count("Số nội dung đã biểu quyết", "nội dung", now.Held, before.Held)),
		item("Biểu quyết tại hội nghị", "nội dung", now.Meeting, before.Meeting),
		item("Phát phiếu lấy ý kiến hộ gia đình", "nội dung", now.Ballot, before.Ballot),
		item("Biểu quyết trực tuyến", "nội dung", now.Online, before.Online),
		count("Số hộ gia đình thuộc phạm vi biểu quyết", "lượt hộ", now.Households, before.Households),
		count("Số hộ gia đình tham gia biểu quyết", "lượt hộ", now.Turnout, before.Turnout),
		headline(rate("Tỷ lệ hộ tham gia biểu quyết", percent(now.Turnout, now.Households), percent(before.Turnout, before.Households))),
		headline(count("Số nội dung được thông qua", "nội dung", now.Passed, before.Passed)),
		count("Số nội dung không được thông qua", "nội dung", now.Failed, before.Failed),
	}}
}

func residentSection(level string, now, before *danchu.ResidentSection) section {
	lines := []line{
		headline(count("Người dân đăng ký sử dụng ứng dụng (đến hết kỳ)", "người", now.Registered, before.Registered)),
		item("Trong đó đăng ký mới trong kỳ", "người", now.New, before.New),
		headline(count("Hộ gia đình đã xác nhận người đại diện", "hộ", now.Confirmed, before.Confirmed)),
	}
	keys, nr, br := keyed(now.ByNeighbourhood, before.ByNeighbourhood, func(r danchu.NeighbourhoodResidents) string { return r.Neighbourhood })
	if len(keys) > 0 {
		lines = append(lines, group("Theo "+level))
	}
	for _, k := range keys {
		name := orDefault("", k, "Không xác định "+level)
		lines = append(lines,
			item(name+": người đăng ký", "người", nr[k].Registered, br[k].Registered),
			item(name+": hộ đã xác nhận", "hộ", nr[k].Confirmed, br[k].Confirmed),
		)
	}
	return section{Title: "Người dân, hộ gia đình tham gia qua ứng dụng", Sheet: "Người dân", Lines: lines}
}

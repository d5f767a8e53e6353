package flows

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"danchu"
)

// Reaching everyone (issue 4), each a Feature:
//
//   - "tb": /thong_bao, the notices a resident received, and the answers to
//     a meeting notice (notice_read.go);
//   - "gtb": /gui_thong_bao and "Gửi thông báo", a notice or meeting notice
//     from staff (notice_send.go), the counts of a meeting's answers
//     (notice_meeting.go), and the progress of its broadcast (this file);
//   - "ck": /cong_khai, the archive of disclosures and a question about one
//     (disclosure_read.go);
//   - "cb": /cong_bo and "Công bố", publishing a disclosure, answering the
//     questions and the register (disclosure_publish.go, disclosure_answer.go);
//   - "cd": /cai_dat, the categories of disclosure a resident receives
//     (subscription.go).
//
// Button data names notices, disclosures, questions and broadcasts by id:
// it is untrusted, so every press loads the thing again and asks the role
// rules (danchu.CanReach, danchu.CanPublish, Audience.Includes) again.
const (
	flowNotices  = "tb"
	flowSend     = "gtb"
	flowArchive  = "ck"
	flowPublish  = "cb"
	flowSettings = "cd"
)

// Limits of notices and disclosures.
const (
	maxNoticeFiles = 10
	maxTitle       = 200
	// noticeDays is how far back /thong_bao looks.
	noticeDays = 90
	// maxNoticesScanned bounds the recent notices read to find a resident's.
	maxNoticesScanned = 500
	// maxNames is how many residents who have not answered a meeting notice
	// are named; the rest are counted.
	maxNames = 60
)

// reachFeatures are the commands of issue 4; they need the stores.
func (e *Engine) reachFeatures() []Feature {
	if e.Notices == nil || e.Disclosures == nil || e.Broadcasts == nil || e.Outbox == nil {
		return nil
	}
	return []Feature{
		{Command: "thong_bao", Flow: flowNotices, Start: e.noticesStart, Button: e.noticesButton},
		{Command: "gui_thong_bao", Flow: flowSend, Start: e.sendStart, Step: e.sendStep, Button: e.sendButton},
		{Command: "cong_khai", Flow: flowArchive, Start: e.archiveStart, Step: e.archiveStep, Button: e.archiveButton},
		{Command: "cong_bo", Flow: flowPublish, Start: e.publishStart, Step: e.publishStep, Button: e.publishButton},
		{Command: "cai_dat", Flow: flowSettings, Start: e.settingsStart, Button: e.settingsButton},
	}
}

// audienceResidents lists the registered residents an audience reaches, each
// once, by id.
func (e *Engine) audienceResidents(ctx context.Context, a danchu.Audience) ([]*danchu.Resident, error) {
	var out []*danchu.Resident
	switch {
	case a.All:
		all, err := e.Residents.ListResidents(ctx, "")
		if err != nil {
			return nil, fmt.Errorf("flows: list residents: %w", err)
		}
		out = all
	case a.Role != "":
		ids, err := e.staffWith(ctx, a.Role)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			r, err := e.Residents.FindResidentByID(ctx, id)
			if isNotFound(err) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("flows: find resident: %w", err)
			}
			out = append(out, r)
		}
	default:
		for _, nb := range a.Neighbourhoods {
			list, err := e.Residents.ListResidents(ctx, nb)
			if err != nil {
				return nil, fmt.Errorf("flows: list residents of %s: %w", nb, err)
			}
			out = append(out, list...)
		}
	}
	slices.SortFunc(out, func(x, y *danchu.Resident) int { return cmpID(x.ID, y.ID) })
	return slices.CompactFunc(out, func(x, y *danchu.Resident) bool { return x.ID == y.ID }), nil
}

func cmpID(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// broadcastMessages is one outbox message per recipient, written in each
// one's language (the texts are made once per language). A resident known
// to have blocked the bot gets a row that counts as unreachable and is never
// sent.
func broadcastMessages(to []*danchu.Resident, kind string, text func(lang string) string,
	buttons func(lang string) [][]danchu.OutboxButton) []*danchu.OutboxMessage {
	texts, keyboards := map[string]string{}, map[string][][]danchu.OutboxButton{}
	msgs := make([]*danchu.OutboxMessage, 0, len(to))
	for _, r := range to {
		lang := normLang(r.Language)
		if _, ok := texts[lang]; !ok {
			texts[lang], keyboards[lang] = text(lang), buttons(lang)
		}
		m := &danchu.OutboxMessage{ChatID: r.TelegramID, ResidentID: r.ID, Kind: kind, Priority: danchu.PriorityBroadcast,
			Text: texts[lang], Buttons: keyboards[lang], Status: danchu.OutboxPending}
		if r.Unreachable {
			m.Status, m.LastError = danchu.OutboxUnreachable, "the resident blocked the bot before"
		}
		msgs = append(msgs, m)
	}
	return msgs
}

// BroadcastProgress is what the sender of a broadcast sees while it goes
// (sent, not reached, time left, a button to stop it) and once it is over
// (the summary, with why some were not reached). The bot edits it into the
// progress message every few seconds (bot.RunBroadcastProgress).
func (e *Engine) BroadcastProgress(ctx context.Context, b *danchu.Broadcast, c danchu.BroadcastCounts, left time.Duration) (Reply, error) {
	lang := normLang(b.Lang)
	title, err := e.broadcastTitle(ctx, lang, b)
	if err != nil {
		return Reply{}, err
	}
	data := map[string]any{
		"Title": title, "Sent": count(lang, c.Sent), "Total": count(lang, c.Total()),
		"NotReached": count(lang, c.NotReached()), "Unreachable": count(lang, c.Unreachable),
		"Failed": count(lang, c.Failed), "Cancelled": count(lang, c.Cancelled), "Left": e.timeLeft(lang, left),
	}
	prefix := flowSend
	if b.Kind == danchu.BroadcastDisclosure {
		prefix = flowPublish
	}
	var lines []string
	var rows [][]Button
	switch {
	case c.Open() > 0 && b.CancelledAt != nil:
		lines = append(lines, e.tr(lang, msgBcStopping, data))
	case c.Open() > 0:
		lines = append(lines, e.tr(lang, msgBcProgress, data))
		rows = append(rows, []Button{{Text: e.tr(lang, msgBcStop, nil), Data: prefix + ":stop:" + itoa(b.ID)}})
	case b.CancelledAt != nil:
		lines = append(lines, e.tr(lang, msgBcDoneStopped, data))
	default:
		lines = append(lines, e.tr(lang, msgBcDone, data))
	}
	if c.Open() == 0 {
		if c.NotReached() > 0 {
			lines = append(lines, e.tr(lang, msgBcNotReached, data))
		}
		if c.Cancelled > 0 {
			lines = append(lines, e.tr(lang, msgBcCancelled, data))
		}
	}
	if b.Kind == danchu.BroadcastMeeting {
		rows = append(rows, []Button{{Text: e.tr(lang, msgMeetingTallyButton, nil), Data: flowSend + ":st:" + itoa(b.SubjectID)}})
	}
	return Reply{Text: strings.Join(lines, "\n"), Buttons: rows}, nil
}

// broadcastTitle names what a broadcast carries, shortly.
func (e *Engine) broadcastTitle(ctx context.Context, lang string, b *danchu.Broadcast) (string, error) {
	if b.Kind == danchu.BroadcastDisclosure {
		d, err := e.Disclosures.FindDisclosure(ctx, b.SubjectID)
		if err != nil {
			return "", fmt.Errorf("flows: broadcast %d: %w", b.ID, err)
		}
		return clip(d.Title, 80), nil
	}
	n, err := e.Notices.FindNotice(ctx, b.SubjectID)
	if err != nil {
		return "", fmt.Errorf("flows: broadcast %d: %w", b.ID, err)
	}
	return e.noticeLabel(lang, n), nil
}

// stopBroadcast cancels what a broadcast has not sent yet. Only its sender,
// or the chairman and officials, may; the button's data is untrusted.
func (e *Engine) stopBroadcast(ctx context.Context, t *Turn, arg string) ([]Reply, error) {
	id, ok := parseID(arg)
	if !ok {
		return e.invalidButton(t), nil
	}
	b, err := e.Broadcasts.FindBroadcast(ctx, id)
	if isNotFound(err) {
		return []Reply{t.WithMenu(msgErrorNotFound, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: stop broadcast: %w", err)
	}
	mine := b.SenderID == t.Resident.ID && danchu.HasRole(t.Roles, danchu.RoleTieuKhuHead)
	if !mine && !danchu.CanPublish(t.Roles) {
		return []Reply{t.WithMenu(msgErrorForbidden, nil)}, nil
	}
	if _, err := e.Broadcasts.CancelBroadcast(ctx, id, t.Resident.ID, t.Now()); err != nil {
		return nil, fmt.Errorf("flows: stop broadcast: %w", err)
	}
	if b, err = e.Broadcasts.FindBroadcast(ctx, id); err != nil {
		return nil, fmt.Errorf("flows: stop broadcast: %w", err)
	}
	c, err := e.Broadcasts.BroadcastCounts(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("flows: stop broadcast: %w", err)
	}
	progress, err := e.BroadcastProgress(ctx, b, c, 0)
	if err != nil {
		return nil, err
	}
	stopped := t.Say(msgBcStopped, map[string]any{"Count": count(t.Lang(), c.Cancelled)})
	if t.In.CallbackMessageID == 0 || progress.Text == b.ProgressText {
		return []Reply{stopped}, nil
	}
	// The message of the button shows the progress from now on.
	if err := e.Broadcasts.SetBroadcastProgress(ctx, b.ID, t.In.ChatID, t.In.CallbackMessageID, progress.Text); err != nil {
		return nil, fmt.Errorf("flows: stop broadcast: %w", err)
	}
	return []Reply{e.edit(progress), stopped}, nil
}

// startProgress is the first view of a broadcast just written: it replaces
// the preview whose "send" button was pressed, and the bot edits it from
// then on.
func (e *Engine) startProgress(ctx context.Context, t *Turn, b *danchu.Broadcast) ([]Reply, error) {
	c, err := e.Broadcasts.BroadcastCounts(ctx, b.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: new broadcast: %w", err)
	}
	rate := 25.0 // the sender's default; the bot's later edits use the pace seen
	progress, err := e.BroadcastProgress(ctx, b, c, time.Duration(float64(c.Open())/rate*float64(time.Second)))
	if err != nil {
		return nil, err
	}
	if t.In.CallbackMessageID != 0 {
		progress.Edit = true
		if err := e.Broadcasts.SetBroadcastProgress(ctx, b.ID, t.In.ChatID, t.In.CallbackMessageID, progress.Text); err != nil {
			return nil, fmt.Errorf("flows: new broadcast: %w", err)
		}
	}
	return []Reply{progress, t.WithMenu(msgBcStarted, nil)}, nil
}

// count writes n with the language's thousands separator: 1.234 or 1,234.
func count(lang string, n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return s
	}
	sep := "."
	if lang == LangEN {
		sep = ","
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// timeLeft says roughly how long is left: "dưới 1 phút", "khoảng 2 phút",
// "khoảng 1 giờ 5 phút".
func (e *Engine) timeLeft(lang string, d time.Duration) string {
	minutes := int((d + 30*time.Second) / time.Minute)
	switch {
	case minutes < 1:
		return e.tr(lang, msgBcUnderMinute, nil)
	case minutes < 60:
		return e.tr(lang, msgBcMinutes, map[string]any{"Minutes": minutes})
	}
	return e.tr(lang, msgBcHours, map[string]any{"Hours": minutes / 60, "Minutes": minutes % 60})
}

// filesReply sends the files of a notice or disclosure again, by file id.
func (e *Engine) filesReply(t *Turn, title string, atts []danchu.Attachment) Reply {
	r := Reply{Text: t.T(msgFilesOf, map[string]any{"Title": clip(title, 80), "Count": len(atts)})}
	for _, a := range atts {
		kind := FileDocument
		if a.Kind == danchu.AttachmentPhoto {
			kind = FilePhoto
		}
		r.Files = append(r.Files, File{Kind: kind, FileID: a.FileID, FileName: a.FileName})
	}
	return r
}

// inputFiles are the photos and documents of a message, as attachments.
func inputFiles(in Input) []danchu.Attachment {
	var out []danchu.Attachment
	for _, f := range in.Photos {
		out = append(out, danchu.Attachment{Kind: danchu.AttachmentPhoto, FileID: f.FileID})
	}
	for _, f := range in.Documents {
		out = append(out, danchu.Attachment{Kind: danchu.AttachmentDocument, FileID: f.FileID, FileName: f.FileName})
	}
	return out
}

// filesButton is the "📎 Xem tệp (n)" button of a notice or disclosure.
func (e *Engine) filesButton(lang, prefix string, id int64, n int) []danchu.OutboxButton {
	return []danchu.OutboxButton{{Text: e.tr(lang, msgReachFilesButton, map[string]any{"Count": n}), Data: prefix + ":f:" + itoa(id)}}
}

package notice

import (
	"context"
	"fmt"
	"strings"
	"time"

	"danchu/flows"

	"danchu"
)

// Reaching everyone, each a Feature:
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

// BroadcastProgress is what the sender of a broadcast sees while it goes
// (sent, not reached, time left, a button to stop it) and once it is over
// (the summary, with why some were not reached). The bot edits it into the
// progress message every few seconds (bot.RunBroadcastProgress).
func (a *Area) BroadcastProgress(ctx context.Context, b *danchu.Broadcast, c danchu.BroadcastCounts, left time.Duration) (flows.Reply, error) {
	lang := flows.NormLang(b.Lang)
	title, err := a.broadcastTitle(ctx, lang, b)
	if err != nil {
		return flows.Reply{}, err
	}
	data := map[string]any{
		"Title": title, "Sent": flows.Count(lang, c.Sent), "Total": flows.Count(lang, c.Total()),
		"NotReached": flows.Count(lang, c.NotReached()), "Unreachable": flows.Count(lang, c.Unreachable),
		"Failed": flows.Count(lang, c.Failed), "Cancelled": flows.Count(lang, c.Cancelled), "Left": a.timeLeft(lang, left),
	}
	prefix := flowSend
	if b.Kind == danchu.BroadcastDisclosure {
		prefix = flowPublish
	}
	var lines []string
	var rows [][]flows.Button
	switch {
	case c.Open() > 0 && b.CancelledAt != nil:
		lines = append(lines, a.Tr(lang, msgBcStopping, data))
	case c.Open() > 0:
		lines = append(lines, a.Tr(lang, msgBcProgress, data))
		rows = append(rows, []flows.Button{{Text: a.Tr(lang, msgBcStop, nil), Data: prefix + ":stop:" + flows.Itoa(b.ID)}})
	case b.CancelledAt != nil:
		lines = append(lines, a.Tr(lang, msgBcDoneStopped, data))
	default:
		lines = append(lines, a.Tr(lang, msgBcDone, data))
	}
	if c.Open() == 0 {
		if c.NotReached() > 0 {
			lines = append(lines, a.Tr(lang, msgBcNotReached, data))
		}
		if c.Cancelled > 0 {
			lines = append(lines, a.Tr(lang, msgBcCancelled, data))
		}
	}
	if b.Kind == danchu.BroadcastMeeting {
		rows = append(rows, []flows.Button{{Text: a.Tr(lang, msgMeetingTallyButton, nil), Data: flowSend + ":st:" + flows.Itoa(b.SubjectID)}})
	}
	return flows.Reply{Text: strings.Join(lines, "\n"), Buttons: rows}, nil
}

// broadcastTitle names what a broadcast carries, shortly.
func (a *Area) broadcastTitle(ctx context.Context, lang string, b *danchu.Broadcast) (string, error) {
	if b.Kind == danchu.BroadcastDisclosure {
		d, err := a.Disclosures.FindDisclosure(ctx, b.SubjectID)
		if err != nil {
			return "", fmt.Errorf("flows: broadcast %d: %w", b.ID, err)
		}
		return flows.Clip(d.Title, 80), nil
	}
	n, err := a.Notices.FindNotice(ctx, b.SubjectID)
	if err != nil {
		return "", fmt.Errorf("flows: broadcast %d: %w", b.ID, err)
	}
	return a.noticeLabel(lang, n), nil
}

// stopBroadcast cancels what a broadcast has not sent yet. Only its sender,
// or the chairman and officials, may; the button's data is untrusted.
func (a *Area) stopBroadcast(ctx context.Context, t *flows.Turn, arg string) ([]flows.Reply, error) {
	id, ok := flows.ParseID(arg)
	if !ok {
		return t.InvalidButton(), nil
	}
	b, err := a.Broadcasts.FindBroadcast(ctx, id)
	if flows.IsNotFound(err) {
		return []flows.Reply{t.WithMenu(flows.MsgErrorNotFound, nil)}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: stop broadcast: %w", err)
	}
	mine := b.SenderID == t.Resident.ID && danchu.HasRole(t.Roles, danchu.RoleTieuKhuHead)
	if !mine && !danchu.CanPublish(t.Roles) {
		return []flows.Reply{t.WithMenu(flows.MsgErrorForbidden, nil)}, nil
	}
	if _, err := a.Broadcasts.CancelBroadcast(ctx, id, t.Resident.ID, t.Now()); err != nil {
		return nil, fmt.Errorf("flows: stop broadcast: %w", err)
	}
	if b, err = a.Broadcasts.FindBroadcast(ctx, id); err != nil {
		return nil, fmt.Errorf("flows: stop broadcast: %w", err)
	}
	c, err := a.Broadcasts.BroadcastCounts(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("flows: stop broadcast: %w", err)
	}
	progress, err := a.BroadcastProgress(ctx, b, c, 0)
	if err != nil {
		return nil, err
	}
	stopped := t.Say(msgBcStopped, map[string]any{"Count": flows.Count(t.Lang(), c.Cancelled)})
	if t.In.CallbackMessageID == 0 || progress.Text == b.ProgressText {
		return []flows.Reply{stopped}, nil
	}
	// The message of the button shows the progress from now on.
	if err := a.Broadcasts.SetBroadcastProgress(ctx, b.ID, t.In.ChatID, t.In.CallbackMessageID, progress.Text); err != nil {
		return nil, fmt.Errorf("flows: stop broadcast: %w", err)
	}
	return []flows.Reply{a.Edit(progress), stopped}, nil
}

// startProgress is the first view of a broadcast just written: it replaces
// the preview whose "send" button was pressed, and the bot edits it from
// then on.
func (a *Area) startProgress(ctx context.Context, t *flows.Turn, b *danchu.Broadcast) ([]flows.Reply, error) {
	c, err := a.Broadcasts.BroadcastCounts(ctx, b.ID)
	if err != nil {
		return nil, fmt.Errorf("flows: new broadcast: %w", err)
	}
	rate := 25.0 // the sender's default; the bot's later edits use the pace seen
	progress, err := a.BroadcastProgress(ctx, b, c, time.Duration(float64(c.Open())/rate*float64(time.Second)))
	if err != nil {
		return nil, err
	}
	if t.In.CallbackMessageID != 0 {
		progress.Edit = true
		if err := a.Broadcasts.SetBroadcastProgress(ctx, b.ID, t.In.ChatID, t.In.CallbackMessageID, progress.Text); err != nil {
			return nil, fmt.Errorf("flows: new broadcast: %w", err)
		}
	}
	return []flows.Reply{progress, t.WithMenu(msgBcStarted, nil)}, nil
}

// timeLeft says roughly how long is left: "dưới 1 phút", "khoảng 2 phút",
// "khoảng 1 giờ 5 phút".
func (a *Area) timeLeft(lang string, d time.Duration) string {
	minutes := int((d + 30*time.Second) / time.Minute)
	switch {
	case minutes < 1:
		return a.Tr(lang, msgBcUnderMinute, nil)
	case minutes < 60:
		return a.Tr(lang, msgBcMinutes, map[string]any{"Minutes": minutes})
	}
	return a.Tr(lang, msgBcHours, map[string]any{"Hours": minutes / 60, "Minutes": minutes % 60})
}

// filesReply sends the files of a notice or disclosure again, by file id.
func (a *Area) filesReply(t *flows.Turn, title string, atts []danchu.Attachment) flows.Reply {
	r := flows.Reply{Text: t.T(msgFilesOf, map[string]any{"Title": flows.Clip(title, 80), "Count": len(atts)})}
	for _, a := range atts {
		kind := flows.FileDocument
		if a.Kind == danchu.AttachmentPhoto {
			kind = flows.FilePhoto
		}
		r.Files = append(r.Files, flows.File{Kind: kind, FileID: a.FileID, FileName: a.FileName})
	}
	return r
}

// inputFiles are the photos and documents of a message, as attachments.
func inputFiles(in flows.Input) []danchu.Attachment {
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
func (a *Area) filesButton(lang, prefix string, id int64, n int) []danchu.OutboxButton {
	return []danchu.OutboxButton{{Text: a.Tr(lang, msgReachFilesButton, map[string]any{"Count": n}), Data: prefix + ":f:" + flows.Itoa(id)}}
}

package petition

import (
	"context"
	"fmt"

	"danchu/flows"

	"danchu"
)

// The files of a petition: what its author attached, and what an official
// attached to an answer. Telegram keeps them; the bot sends them again by
// their file_id when a button asks, after checking again that this person
// may see them:
//
//	ib:f:<id>          the staff: the petition's attachments (Can ActionView)
//	my:f:<id>          the author: their petition's attachments
//	my:af:<id>:<event> the author: the files of an answer to their petition
//
// Looking at files leaves the conversation where it was: an official may
// look at the photos while writing the answer.

// filesReplies are the title with the counts, then the photos and documents,
// then each location (one a message).
func (a *Area) filesReplies(t *flows.Turn, title flows.Msg, number string, atts []danchu.Attachment) []flows.Reply {
	if len(atts) == 0 {
		return []flows.Reply{t.Say(msgFilesNone, nil)}
	}
	first := flows.Reply{Text: t.T(title, map[string]any{"Number": number, "Files": a.attachmentsText(t.Lang(), atts)})}
	var points []flows.Location
	for _, a := range atts {
		switch a.Kind {
		case danchu.AttachmentPhoto:
			first.Files = append(first.Files, flows.File{Kind: flows.FilePhoto, FileID: a.FileID})
		case danchu.AttachmentDocument:
			first.Files = append(first.Files, flows.File{Kind: flows.FileDocument, FileID: a.FileID, FileName: a.FileName})
		case danchu.AttachmentLocation:
			points = append(points, flows.Location{Latitude: a.Lat, Longitude: a.Lon})
		}
	}
	replies := []flows.Reply{first}
	for i, p := range points {
		if i == 0 {
			replies[0].Location = &p
			continue
		}
		replies = append(replies, flows.Reply{Location: &p})
	}
	return replies
}

// filesButton opens the attachments of p, or nil when it has none.
func filesButton(t *flows.Turn, prefix string, p *danchu.Petition) []flows.Button {
	if len(p.Attachments) == 0 {
		return nil
	}
	return []flows.Button{{Text: t.T(msgFilesButton, map[string]any{"Count": len(p.Attachments)}), Data: prefix + ":f:" + flows.Itoa(p.ID)}}
}

// answerFilesButton opens the files of the answer ev to p.
func (a *Area) answerFilesButton(lang string, p *danchu.Petition, ev *danchu.Event) flows.Button {
	return flows.Button{Text: a.Tr(lang, msgFilesAnswerButton, nil), Data: "my:af:" + flows.Itoa(p.ID) + ":" + flows.Itoa(ev.ID)}
}

// lastAnswerWithFiles is the latest answer among events that carries files,
// or nil.
func lastAnswerWithFiles(events []danchu.Event) *danchu.Event {
	for i := len(events) - 1; i >= 0; i-- {
		ev := &events[i]
		if ev.Action == danchu.ActionAnswer && !ev.Internal && len(ev.Attachments) > 0 {
			return ev
		}
	}
	return nil
}

// answerFiles sends the files of the answer named by button data, when it is
// an answer to p, the author's own petition (ownPetition checked that).
func (a *Area) answerFiles(ctx context.Context, t *flows.Turn, p *danchu.Petition, event string) ([]flows.Reply, error) {
	id, ok := flows.ParseID(event)
	if !ok {
		return t.InvalidButton(), nil
	}
	events, err := a.Petitions.Events(ctx, p.ID, false)
	if err != nil {
		return nil, fmt.Errorf("flows: answer files: %w", err)
	}
	for _, ev := range events {
		if ev.ID == id && ev.Action == danchu.ActionAnswer && !ev.Internal {
			return a.filesReplies(t, msgFilesAnswerTitle, p.Number, ev.Attachments), nil
		}
	}
	return []flows.Reply{t.Say(msgFilesNone, nil)}, nil
}

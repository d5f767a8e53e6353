package flows

import (
	"context"
	"fmt"

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
func (e *Engine) filesReplies(t *Turn, title msg, number string, atts []danchu.Attachment) []Reply {
	if len(atts) == 0 {
		return []Reply{t.Say(msgFilesNone, nil)}
	}
	first := Reply{Text: t.T(title, map[string]any{"Number": number, "Files": e.attachmentsText(t.Lang(), atts)})}
	var points []Location
	for _, a := range atts {
		switch a.Kind {
		case danchu.AttachmentPhoto:
			first.Files = append(first.Files, File{Kind: FilePhoto, FileID: a.FileID})
		case danchu.AttachmentDocument:
			first.Files = append(first.Files, File{Kind: FileDocument, FileID: a.FileID, FileName: a.FileName})
		case danchu.AttachmentLocation:
			points = append(points, Location{Latitude: a.Lat, Longitude: a.Lon})
		}
	}
	replies := []Reply{first}
	for i, p := range points {
		if i == 0 {
			replies[0].Location = &p
			continue
		}
		replies = append(replies, Reply{Location: &p})
	}
	return replies
}

// filesButton opens the attachments of p, or nil when it has none.
func filesButton(t *Turn, prefix string, p *danchu.Petition) []Button {
	if len(p.Attachments) == 0 {
		return nil
	}
	return []Button{{Text: t.T(msgFilesButton, map[string]any{"Count": len(p.Attachments)}), Data: prefix + ":f:" + itoa(p.ID)}}
}

// answerFilesButton opens the files of the answer ev to p.
func (e *Engine) answerFilesButton(lang string, p *danchu.Petition, ev *danchu.Event) Button {
	return Button{Text: e.tr(lang, msgFilesAnswerButton, nil), Data: "my:af:" + itoa(p.ID) + ":" + itoa(ev.ID)}
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
func (e *Engine) answerFiles(ctx context.Context, t *Turn, p *danchu.Petition, event string) ([]Reply, error) {
	id, ok := parseID(event)
	if !ok {
		return e.invalidButton(t), nil
	}
	events, err := e.Petitions.Events(ctx, p.ID, false)
	if err != nil {
		return nil, fmt.Errorf("flows: answer files: %w", err)
	}
	for _, ev := range events {
		if ev.ID == id && ev.Action == danchu.ActionAnswer && !ev.Internal {
			return e.filesReplies(t, msgFilesAnswerTitle, p.Number, ev.Attachments), nil
		}
	}
	return []Reply{t.Say(msgFilesNone, nil)}, nil
}

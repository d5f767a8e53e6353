package bot_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"testing"

	"danchu/flows"
	"danchu/sim"
)

// sendsBack is a Handler that shows a person their own files again: a photo
// or document by its file_id, a location as a point, as the petition cards
// do with attachments.
type sendsBack struct{}

func (sendsBack) Handle(_ context.Context, in flows.Input) ([]flows.Reply, error) {
	r := flows.Reply{Text: "Tệp bạn đã gửi:"}
	for _, f := range in.Photos {
		r.Files = append(r.Files, flows.File{Kind: flows.FilePhoto, FileID: f.FileID})
	}
	for _, f := range in.Documents {
		r.Files = append(r.Files, flows.File{Kind: flows.FileDocument, FileID: f.FileID, FileName: f.FileName})
	}
	r.Location = in.Location
	return []flows.Reply{r}, nil
}

func (sendsBack) ErrorReplies(string, error) []flows.Reply { return []flows.Reply{{Text: "Xin lỗi"}} }
func (sendsBack) Commands(string) []flows.Command          { return nil }

func mustPNG(tb testing.TB) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 3, 2))); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// A reply's files go to Telegram by the file_id it issued and its location
// as a point; the simulator, which checks every call against the Bot API,
// shows them in the chat. The file sent back is the user's own (same id):
// an upload would have made a new one.
func TestFilesByIDAndLocationRendered(t *testing.T) {
	e := MustEnv(t)
	e.MustRun(t, e.Config(sendsBack{}))
	lan := e.MustUser(t, "Lan")
	ctx := t.Context()

	if _, err := e.srv.SendPhoto(lan.ID, mustPNG(t), ""); err != nil {
		t.Fatal(err)
	}
	title := e.MustWaitText(t, lan.ID, 0, "Tệp bạn đã gửi:")
	photo := e.MustWait(t, lan.ID, title.Seq, "the photo sent back", func(m sim.Message) bool { return len(m.Files) > 0 })
	mine := mustUserFiles(t, e, lan.ID)
	if len(photo.Files) != 1 || photo.Files[0] != mine[0] || photo.Files[0].Kind != "photo" {
		t.Fatalf("the bot sent %+v, want the user's photo %+v", photo.Files, mine[0])
	}
	if data, err := e.client.Download(ctx, photo.Files[0]); err != nil || !bytes.Equal(data, mustPNG(t)) {
		t.Fatalf("the photo sent back downloads as something else (err %v)", err)
	}

	if _, err := e.srv.SendDocument(lan.ID, []byte("%PDF-1.4 sơ đồ"), "so-do.pdf"); err != nil {
		t.Fatal(err)
	}
	doc := e.MustWait(t, lan.ID, photo.Seq, "the document sent back", func(m sim.Message) bool { return len(m.Files) > 0 })
	if mine := mustUserFiles(t, e, lan.ID); len(doc.Files) != 1 || doc.Files[0] != mine[1] || doc.Files[0].Name != "so-do.pdf" {
		t.Fatalf("the bot sent %+v, want the user's document %+v", doc.Files, mine[1])
	}

	if _, err := e.srv.SendLocation(lan.ID, 19.9921, 105.8413); err != nil {
		t.Fatal(err)
	}
	point := e.MustWait(t, lan.ID, doc.Seq, "the location sent back", func(m sim.Message) bool { return m.Location != nil })
	if *point.Location != (sim.Location{Latitude: 19.9921, Longitude: 105.8413}) {
		t.Fatalf("the bot sent the location %+v", point.Location)
	}
}

// mustUserFiles lists the files the user sent, in order.
func mustUserFiles(tb testing.TB, e *env, userID int64) []sim.File {
	tb.Helper()
	msgs, err := e.srv.Messages(tb.Context(), userID, 0, 0)
	if err != nil {
		tb.Fatal(err)
	}
	var out []sim.File
	for _, m := range msgs {
		if m.From == "user" {
			out = append(out, m.Files...)
		}
	}
	return out
}

// Package flows holds the conversations of the bot, independent of Telegram:
// a step takes the chat's Session and one Input and returns the new Session
// and the Replies to show. Flows never call Telegram or SQL directly; they use
// the store interfaces of package danchu, so they are tested without a network
// and another channel (Zalo OA, a web chat) can reuse them.
package flows

import (
	"time"

	"danchu"
)

// Input is one thing the person did: a message, a command, a pressed button.
type Input struct {
	UpdateID int64
	ChatID   int64 // the private chat; equal to From.ID
	From     User

	// Resident is nil for someone not registered yet; Roles are theirs.
	Resident *danchu.Resident
	Roles    []danchu.RoleGrant

	Text    string // message text or caption, trimmed
	Command string // "start", "help", ...: lowercase, without "/" and "@bot"
	Args    string // what follows the command

	CallbackData      string // the pressed inline button's data
	CallbackMessageID int    // the message that carried the button

	Contact   *Contact
	Photos    []File // largest size of each photo
	Documents []File
	Location  *Location
}

// User is the Telegram account behind the input.
type User struct {
	ID           int64
	FirstName    string
	LastName     string
	Username     string
	LanguageCode string
}

// Contact is a shared phone number. UserID equals From.ID when the person
// shared their own contact with the button.
type Contact struct {
	Phone     string
	FirstName string
	LastName  string
	UserID    int64
}

// File is a photo or document kept by Telegram. Kind says which when the
// bot sends it back (Reply.Files); an input's Photos and Documents say it by
// their list.
type File struct {
	Kind     FileKind
	FileID   string
	FileName string
	MimeType string
	Size     int64
}

// FileKind is how a file is sent: as a photo or as a document.
type FileKind string

const (
	FilePhoto    FileKind = "photo"
	FileDocument FileKind = "document"
)

// Location is a point on the map.
type Location struct {
	Latitude  float64
	Longitude float64
}

// Reply is one thing to show the person. The bot renders it to Bot API calls.
type Reply struct {
	Text string

	// Buttons is an inline keyboard: rows of buttons under the message.
	Buttons [][]Button
	// Keyboard is a reply keyboard that replaces the phone's keyboard;
	// RemoveKeyboard takes it away.
	Keyboard       [][]string
	RemoveKeyboard bool
	// RequestContact, when set, is the label of a reply-keyboard button that
	// shares the person's phone number.
	RequestContact string

	// Edit asks to edit the message the pressed button was on instead of
	// sending a new one.
	Edit bool

	// Document is a file to send with Text as its caption.
	Document *Attachment

	// Files are photos and documents Telegram already keeps, sent again by
	// their FileID, one message each, after Text (which carries the
	// buttons); Location is a point on the map sent after them. A reply
	// with either may have no Text, and is never an edit.
	Files    []File
	Location *Location
}

// Button is an inline button. Data is at most 64 bytes (Telegram's limit).
type Button struct {
	Text string
	Data string
}

// Attachment is a file the bot sends.
type Attachment struct {
	FileName string
	Data     []byte
}

// Session is the state of a chat's conversation, kept in the session store
// with a time to live. Data holds the answers collected so far.
type Session struct {
	Flow      string            `json:"flow,omitempty"`
	State     string            `json:"state,omitempty"`
	Data      map[string]string `json:"data,omitempty"`
	Lang      string            `json:"lang,omitempty"`
	Deeplink  string            `json:"deeplink,omitempty"` // /start payload kept until registration ends
	UpdatedAt time.Time         `json:"updated_at"`
}

package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"danchu"
)

// DefaultSessionTTL keeps a half-finished conversation for a week, so a
// registration survives a restart or a pause of a few days.
const DefaultSessionTTL = 7 * 24 * time.Hour

// ErrPanic is wrapped by the error Handle returns when a step panicked (an
// EINTERNAL whose cause reads "panic: <value>" and the stack). The same
// update would panic again, so a caller should not retry it: test with
// errors.Is(err, ErrPanic).
var ErrPanic = errors.New("panic")

// Engine runs the conversations. It holds no state of its own between updates:
// everything lives in the stores, so replicas may share the work. Its areas
// (Add) bring the conversations themselves.
type Engine struct {
	Settings   *danchu.Settings
	Residents  danchu.ResidentService
	Roles      danchu.RoleService
	Sessions   danchu.SessionStore
	Now        func() time.Time
	SessionTTL time.Duration // DefaultSessionTTL when 0

	mu       sync.RWMutex
	features []Feature
	menu     []MenuEntry
	keepers  []RecordKeeper

	textsOnce sync.Once
	texts     *catalog
}

// catalog is the engine's texts, its own loaded on first use.
func (e *Engine) catalog() *catalog {
	e.textsOnce.Do(func() {
		e.texts = newCatalog()
		if err := e.texts.load(Locales()); err != nil {
			panic(err) // the embedded files are checked by the locale tests
		}
	})
	return e.texts
}

// tr is the text of id in lang, with the unit's names.
func (e *Engine) tr(lang string, id Msg, data map[string]any) string {
	return e.catalog().text(lang, id, withUnit(e.Settings, data))
}

// Command is one entry of the bot's command list (setMyCommands).
type Command struct {
	Command     string
	Description string
}

// SessionKey is the session store key of a chat.
func SessionKey(chatID int64) string { return "session:" + strconv.FormatInt(chatID, 10) }

// Handle runs one step: it loads the chat's session and the person's profile,
// runs the current flow (or starts one), saves or deletes the session and
// returns what to show. On an error the session is left as it was, so a
// retry of the same update starts from the same place.
func (e *Engine) Handle(ctx context.Context, in Input) (replies []Reply, err error) {
	defer func() {
		if r := recover(); r != nil {
			replies = nil
			// No Message: the panic's value and stack are for the log only.
			err = &danchu.Error{Code: danchu.EINTERNAL, Op: "flows.Handle",
				Err: fmt.Errorf("%w: %v\n%s", ErrPanic, r, debug.Stack())}
		}
	}()
	if in.ChatID == 0 {
		in.ChatID = in.From.ID
	}
	sess, err := e.loadSession(ctx, in.ChatID)
	if err != nil {
		return nil, err
	}
	t := &Turn{engine: e, In: in, Session: sess}
	if err := t.loadResident(ctx); err != nil {
		return nil, err
	}
	replies, err = e.dispatch(ctx, t)
	if err != nil {
		return nil, err
	}
	if err := e.saveSession(ctx, in.ChatID, t); err != nil {
		return nil, err
	}
	return replies, nil
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Engine) ttl() time.Duration {
	if e.SessionTTL > 0 {
		return e.SessionTTL
	}
	return DefaultSessionTTL
}

func (e *Engine) loadSession(ctx context.Context, chatID int64) (*Session, error) {
	raw, err := e.Sessions.GetSession(ctx, SessionKey(chatID))
	if danchu.ErrorCode(err) == danchu.ENOTFOUND {
		return &Session{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("flows: load session: %w", err)
	}
	var s Session
	if err := json.Unmarshal(raw, &s); err != nil {
		// A session written by an incompatible version: start afresh rather
		// than fail every update of the chat until it expires.
		return &Session{}, nil
	}
	return &s, nil
}

// saveSession keeps the session while it holds anything worth keeping and
// deletes it otherwise (or when the turn asked for it).
func (e *Engine) saveSession(ctx context.Context, chatID int64, t *Turn) error {
	s := t.Session
	if t.dropSession || s.empty() {
		if err := e.Sessions.DeleteSession(ctx, SessionKey(chatID)); err != nil && danchu.ErrorCode(err) != danchu.ENOTFOUND {
			return fmt.Errorf("flows: delete session: %w", err)
		}
		return nil
	}
	s.UpdatedAt = e.now()
	raw, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("flows: encode session: %w", err)
	}
	if err := e.Sessions.SetSession(ctx, SessionKey(chatID), raw, e.ttl()); err != nil {
		return fmt.Errorf("flows: save session: %w", err)
	}
	return nil
}

func (s *Session) empty() bool {
	return s.Flow == "" && s.Deeplink == "" && s.Lang == ""
}

// AuditLog is where the audit rows go (danchu.AuditService).
type AuditLog interface {
	Audit(ctx context.Context, e danchu.AuditEntry) error
}

// Audit appends an audit row to log; detail must never hold personal data.
func Audit(ctx context.Context, log AuditLog, at time.Time, actorID int64, action, subject, detail string) error {
	if err := log.Audit(ctx, danchu.AuditEntry{At: at, ActorID: actorID, Action: action, Subject: subject, Detail: detail}); err != nil {
		return fmt.Errorf("flows: audit %s: %w", action, err)
	}
	return nil
}

// ResidentSubject names a resident in the audit log.
func ResidentSubject(id int64) string { return "resident:" + strconv.FormatInt(id, 10) }

// IsNotFound reports whether err carries ENOTFOUND.
func IsNotFound(err error) bool { return err != nil && danchu.ErrorCode(err) == danchu.ENOTFOUND }

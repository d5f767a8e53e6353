package flows

import (
	"context"
	"strings"
)

// dispatch routes an input: a command first, then a pressed button, then a
// message to the current flow or the main menu.
func (e *Engine) dispatch(ctx context.Context, t *Turn) ([]Reply, error) {
	switch {
	case t.In.Command != "":
		return e.onCommand(ctx, t)
	case t.In.CallbackData != "":
		return e.onButton(ctx, t)
	default:
		return e.onMessage(ctx, t)
	}
}

// onCommand leaves the current flow first, whatever the command.
func (e *Engine) onCommand(ctx context.Context, t *Turn) ([]Reply, error) {
	inFlow := t.Session.Flow != ""
	t.Leave()
	if t.In.Command == cmdCancel {
		return e.cancel(t, inFlow), nil
	}
	return e.runCommand(ctx, t, t.In.Command)
}

// runCommand answers a command or a main-menu button.
func (e *Engine) runCommand(ctx context.Context, t *Turn, command string) ([]Reply, error) {
	en, known := e.findEntry(command)
	f, hasFeature := e.featureByCommand(command)
	if !known && !hasFeature {
		return []Reply{e.unknownCommand(t)}, nil
	}
	public := (known && en.Public) || (hasFeature && f.Public)
	if t.Resident == nil && !public {
		return e.leadToStart(t), nil
	}
	if known && t.Resident != nil && !en.allowed(t.Roles) {
		return []Reply{t.WithMenu(MsgStaffOnly, nil)}, nil
	}
	if hasFeature {
		return f.Start(ctx, t)
	}
	if t.Resident == nil {
		return e.leadToStart(t), nil
	}
	return []Reply{t.WithMenu(msgComingSoon, nil)}, nil
}

// onButton checks the pressed button's data, which is untrusted, and hands
// it to its flow by prefix.
func (e *Engine) onButton(ctx context.Context, t *Turn) ([]Reply, error) {
	prefix, _, ok := SplitData(t.In.CallbackData)
	if !ok {
		return e.invalidButton(t), nil
	}
	f, ok := e.featureByFlow(prefix)
	if ok && f.Public && f.Button != nil {
		return f.Button(ctx, t)
	}
	if t.Resident == nil {
		return e.leadToStart(t), nil
	}
	if ok && f.Button != nil {
		return f.Button(ctx, t)
	}
	return e.invalidButton(t), nil
}

// onMessage gives a message to the current flow; a main-menu button always
// wins for a registered person, as a command would.
func (e *Engine) onMessage(ctx context.Context, t *Turn) ([]Reply, error) {
	if t.Resident != nil {
		if command, ok := e.menuCommand(t.In.Text); ok {
			t.Leave()
			return e.runCommand(ctx, t, command)
		}
	}
	if t.Session.Flow != "" {
		if f, ok := e.featureByFlow(t.Session.Flow); ok && f.Step != nil && (t.Resident != nil || f.Public) {
			return f.Step(ctx, t)
		}
		t.Leave() // a flow of a feature that is gone, or the person's profile is: start afresh
	}
	if t.Resident == nil {
		return e.leadToStart(t), nil
	}
	return []Reply{t.WithMenu(MsgHintMenu, nil)}, nil
}

// splitData checks button data (short printable ASCII, at most 64 bytes, as
// Telegram allows) and splits "prefix:rest".
func SplitData(data string) (prefix, rest string, ok bool) {
	if data == "" || len(data) > 64 {
		return "", "", false
	}
	for i := 0; i < len(data); i++ {
		if data[i] < 0x21 || data[i] > 0x7e {
			return "", "", false
		}
	}
	prefix, rest, ok = strings.Cut(data, ":")
	if !ok || prefix == "" || rest == "" {
		return "", "", false
	}
	return prefix, rest, true
}

func (e *Engine) cancel(t *Turn, inFlow bool) []Reply {
	t.Session.Deeplink = ""
	id := msgCancelNothing
	if inFlow {
		id = MsgCancelDone
	}
	if t.Resident == nil {
		return []Reply{{Text: t.T(id, nil) + "\n" + t.T(MsgStartHint, nil), RemoveKeyboard: true}}
	}
	return []Reply{t.WithMenu(id, nil)}
}

// leadToStart answers someone not registered who used a menu entry, an old
// button or a command that needs a profile.
func (e *Engine) leadToStart(t *Turn) []Reply {
	return []Reply{{Text: t.T(msgNotRegistered, nil), RemoveKeyboard: true}}
}

func (e *Engine) invalidButton(t *Turn) []Reply {
	if f, ok := e.featureByFlow(t.Session.Flow); ok && t.Resident == nil && f.Public && f.Prompt != nil {
		return []Reply{t.Say(msgButtonInvalid, nil), f.Prompt(t)}
	}
	if t.Resident == nil {
		return []Reply{{Text: t.T(msgButtonInvalid, nil) + "\n" + t.T(MsgStartHint, nil), RemoveKeyboard: true}}
	}
	return []Reply{t.WithMenu(msgButtonInvalid, nil)}
}

func (e *Engine) unknownCommand(t *Turn) Reply {
	if t.Resident == nil {
		return Reply{Text: t.T(msgUnknownCommand, nil) + "\n" + t.T(MsgStartHint, nil)}
	}
	return t.WithMenu(msgUnknownCommand, nil)
}

// buttonData is the pressed button's data after its flow's prefix.
func ButtonData(t *Turn) string {
	_, rest, _ := strings.Cut(t.In.CallbackData, ":")
	return rest
}

func ButtonRest(f func(ctx context.Context, t *Turn, rest string) ([]Reply, error)) StepFunc {
	return func(ctx context.Context, t *Turn) ([]Reply, error) { return f(ctx, t, ButtonData(t)) }
}

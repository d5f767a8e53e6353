package flows

import "danchu"

// ErrorReplies is the polite answer to a step that failed, by the error's
// code. A panic or an internal error gets an apology; the details are for
// the log, never for the person.
func (e *Engine) ErrorReplies(lang string, err error) []Reply {
	if err == nil {
		return nil
	}
	id := msgErrorInternal
	switch danchu.ErrorCode(err) {
	case danchu.EINVALID:
		id = MsgErrorInvalid
	case danchu.ENOTFOUND:
		id = MsgErrorNotFound
	case danchu.ECONFLICT:
		id = msgErrorConflict
	case danchu.EFORBIDDEN:
		id = MsgErrorForbidden
	}
	return []Reply{{Text: e.tr(lang, id, nil)}}
}

package flows

// Texts shared by every flow.
const (
	MsgHintMenu        Msg = "common.hint_menu"
	msgComingSoon      Msg = "common.coming_soon"
	MsgStaffOnly       Msg = "common.staff_only"
	msgNotRegistered   Msg = "common.not_registered"
	MsgStartHint       Msg = "common.start_hint"
	msgButtonInvalid   Msg = "common.button_invalid"
	MsgButtonBack      Msg = "common.button_back"
	msgUnknownCommand  Msg = "common.unknown_command"
	MsgCancelDone      Msg = "common.cancel_done"
	msgCancelNothing   Msg = "common.cancel_nothing"
	msgDeeplinkUnknown Msg = "common.deeplink_unknown"
)

// Errors, by code.
const (
	msgErrorInternal  Msg = "error.internal"
	MsgErrorInvalid   Msg = "error.invalid"
	MsgErrorNotFound  Msg = "error.not_found"
	msgErrorConflict  Msg = "error.conflict"
	MsgErrorForbidden Msg = "error.forbidden"
)

// Registration.
const (
	MsgRegNameInvalid   Msg = "reg.name_invalid"
	msgButtonSharePhone Msg = "phone.share_button"
	msgPhoneHint        Msg = "phone.hint"
	msgPhoneInvalid     Msg = "phone.invalid"
	msgPhoneNotOwn      Msg = "phone.not_own"
	MsgPhoneReceived    Msg = "phone.received"
	MsgRegFixName       Msg = "reg.fix_name"
	MsgRegFixPhone      Msg = "reg.fix_phone"
)

// The command list's descriptions.
const (
	msgCmdCancel Msg = "cmd.huy"
)

const (
	msgSunday    Msg = "wd.sunday"
	msgMonday    Msg = "wd.monday"
	msgTuesday   Msg = "wd.tuesday"
	msgWednesday Msg = "wd.wednesday"
	msgThursday  Msg = "wd.thursday"
	msgFriday    Msg = "wd.friday"
	msgSaturday  Msg = "wd.saturday"
	msgPlaceNone Msg = "line.no_place"
)

const (
	MsgShortInvalid Msg = "common.short_invalid"
)

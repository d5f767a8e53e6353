package flows

// msg is the id of a text in locales/active.*.toml. Every text a person
// reads goes through one; TestLocales checks both files hold each of them.
type msg string

// Texts shared by every flow.
const (
	msgHintMenu        msg = "common.hint_menu"
	msgComingSoon      msg = "common.coming_soon"
	msgStaffOnly       msg = "common.staff_only"
	msgNotRegistered   msg = "common.not_registered"
	msgStartHint       msg = "common.start_hint"
	msgButtonInvalid   msg = "common.button_invalid"
	msgButtonBack      msg = "common.button_back"
	msgUnknownCommand  msg = "common.unknown_command"
	msgCancelDone      msg = "common.cancel_done"
	msgCancelNothing   msg = "common.cancel_nothing"
	msgDeeplinkUnknown msg = "common.deeplink_unknown"
	msgLangNameVI      msg = "lang.vi"
	msgLangNameEN      msg = "lang.en"
)

// Errors, by code.
const (
	msgErrorInternal  msg = "error.internal"
	msgErrorInvalid   msg = "error.invalid"
	msgErrorNotFound  msg = "error.not_found"
	msgErrorConflict  msg = "error.conflict"
	msgErrorForbidden msg = "error.forbidden"
)

// /start and the personal-data notice.
const (
	msgStartGreeting    msg = "start.greeting"
	msgStartWelcomeBack msg = "start.welcome_back"
	msgNotice           msg = "consent.notice"
	msgConsentYes       msg = "consent.yes"
	msgConsentNo        msg = "consent.no"
	msgConsentHint      msg = "consent.hint"
	msgConsentGiven     msg = "consent.given"
	msgConsentRefused   msg = "consent.refused"
	msgConsentGoodbye   msg = "consent.goodbye"
)

// Registration.
const (
	msgRegAskName           msg = "reg.ask_name"
	msgRegNameHint          msg = "reg.name_hint"
	msgRegNameInvalid       msg = "reg.name_invalid"
	msgRegUseTelegramName   msg = "reg.use_telegram_name"
	msgRegAskPhone          msg = "reg.ask_phone"
	msgButtonSharePhone     msg = "phone.share_button"
	msgPhoneHint            msg = "phone.hint"
	msgPhoneInvalid         msg = "phone.invalid"
	msgPhoneNotOwn          msg = "phone.not_own"
	msgPhoneReceived        msg = "phone.received"
	msgRegAskNeighbourhood  msg = "reg.ask_neighbourhood"
	msgRegNeighbourhoodHint msg = "reg.neighbourhood_hint"
	msgRegSummary           msg = "reg.summary"
	msgRegConfirm           msg = "reg.confirm"
	msgRegConfirmHint       msg = "reg.confirm_hint"
	msgRegFixName           msg = "reg.fix_name"
	msgRegFixPhone          msg = "reg.fix_phone"
	msgRegFixNeighbourhood  msg = "reg.fix_neighbourhood"
	msgRegConfirmed         msg = "reg.confirmed"
	msgRegWelcome           msg = "reg.welcome"
)

// Invites and roles.
const (
	msgInviteRedeemed        msg = "invite.redeemed"
	msgInviteUnknown         msg = "invite.unknown"
	msgInviteUsed            msg = "invite.used"
	msgInviteExpired         msg = "invite.expired"
	msgRoleResident          msg = "role.resident"
	msgRoleChairman          msg = "role.chairman"
	msgRoleOfficial          msg = "role.official"
	msgRoleTieuKhuHead       msg = "role.tieu_khu_head"
	msgRoleSupervisor        msg = "role.supervisor"
	msgRoleAdmin             msg = "role.admin"
	msgRoleWithNeighbourhood msg = "role.with_neighbourhood"
)

// The main menu's buttons.
const (
	msgMenuSendPetition msg = "menu.send_petition"
	msgMenuMyPetitions  msg = "menu.my_petitions"
	msgMenuDisclosures  msg = "menu.disclosures"
	msgMenuNotices      msg = "menu.notices"
	msgMenuComment      msg = "menu.comment"
	msgMenuVote         msg = "menu.vote"
	msgMenuDialogue     msg = "menu.dialogue"
	msgMenuReception    msg = "menu.reception"
	msgMenuProfile      msg = "menu.profile"
	msgMenuHelp         msg = "menu.help"
	msgMenuInbox        msg = "menu.inbox"
	msgMenuBroadcast    msg = "menu.broadcast"
	msgMenuPublish      msg = "menu.publish"
	msgMenuReports      msg = "menu.reports"
	msgMenuSupervision  msg = "menu.supervision"
)

// The command list's descriptions.
const (
	msgCmdStart        msg = "cmd.start"
	msgCmdSendPetition msg = "cmd.gui_don"
	msgCmdMyPetitions  msg = "cmd.don_cua_toi"
	msgCmdLookup       msg = "cmd.tra_cuu"
	msgCmdDisclosures  msg = "cmd.cong_khai"
	msgCmdNotices      msg = "cmd.thong_bao"
	msgCmdComment      msg = "cmd.gop_y"
	msgCmdVote         msg = "cmd.bieu_quyet"
	msgCmdDialogue     msg = "cmd.doi_thoai"
	msgCmdReception    msg = "cmd.tiep_dan"
	msgCmdProfile      msg = "cmd.toi"
	msgCmdMyData       msg = "cmd.du_lieu"
	msgCmdSettings     msg = "cmd.cai_dat"
	msgCmdHelp         msg = "cmd.help"
	msgCmdCancel       msg = "cmd.huy"
)

// /help.
const (
	msgHelpIntro     msg = "help.intro"
	msgHelpCommands  msg = "help.commands"
	msgHelpLegalNote msg = "help.legal_note"
)

// /toi.
const (
	msgProfile                     msg = "profile.text"
	msgProfileChangeName           msg = "profile.change_name"
	msgProfileChangePhone          msg = "profile.change_phone"
	msgProfileChangeNeighbourhood  msg = "profile.change_neighbourhood"
	msgProfileChangeLanguage       msg = "profile.change_language"
	msgProfileAskName              msg = "profile.ask_name"
	msgProfileNameInvalid          msg = "profile.name_invalid"
	msgProfileAskPhone             msg = "profile.ask_phone"
	msgProfileChooseNeighbourhood  msg = "profile.choose_neighbourhood"
	msgProfileChooseLanguage       msg = "profile.choose_language"
	msgProfileUpdatedName          msg = "profile.updated_name"
	msgProfileUpdatedPhone         msg = "profile.updated_phone"
	msgProfileUpdatedNeighbourhood msg = "profile.updated_neighbourhood"
	msgProfileUpdatedLanguage      msg = "profile.updated_language"
)

// /du_lieu and the deletion.
const (
	msgMyDataProfile          msg = "mydata.profile"
	msgMyDataConsents         msg = "mydata.consents"
	msgMyDataConsent          msg = "mydata.consent"
	msgMyDataConsentWithdrawn msg = "mydata.consent_withdrawn"
	msgMyDataRights           msg = "mydata.rights"
	msgMyDataDelete           msg = "mydata.delete_button"
	msgMyDataFile             msg = "mydata.file"
	msgDeleteExplain          msg = "delete.explain"
	msgDeleteHint             msg = "delete.hint"
	msgDeleteYes              msg = "delete.yes"
	msgDeleteNo               msg = "delete.no"
	msgDeleteKept             msg = "delete.kept"
	msgDeleteDone             msg = "delete.done"
	msgDeleteGoodbye          msg = "delete.goodbye"
)

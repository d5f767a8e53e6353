package account

import "danchu/flows"

// /start and the personal-data notice.
const (
	msgStartGreeting    flows.Msg = "start.greeting"
	msgStartWelcomeBack flows.Msg = "start.welcome_back"
	msgNotice           flows.Msg = "consent.notice"
	msgConsentYes       flows.Msg = "consent.yes"
	msgConsentNo        flows.Msg = "consent.no"
	msgConsentHint      flows.Msg = "consent.hint"
	msgConsentGiven     flows.Msg = "consent.given"
	msgConsentRefused   flows.Msg = "consent.refused"
	msgConsentGoodbye   flows.Msg = "consent.goodbye"
)

// /help.
const (
	msgHelpIntro     flows.Msg = "help.intro"
	msgHelpCommands  flows.Msg = "help.commands"
	msgHelpLegalNote flows.Msg = "help.legal_note"
)

// /toi.
const (
	msgProfile                     flows.Msg = "profile.text"
	msgProfileChangeName           flows.Msg = "profile.change_name"
	msgProfileChangePhone          flows.Msg = "profile.change_phone"
	msgProfileChangeNeighbourhood  flows.Msg = "profile.change_neighbourhood"
	msgProfileChangeLanguage       flows.Msg = "profile.change_language"
	msgProfileAskName              flows.Msg = "profile.ask_name"
	msgProfileNameInvalid          flows.Msg = "profile.name_invalid"
	msgProfileAskPhone             flows.Msg = "profile.ask_phone"
	msgProfileChooseNeighbourhood  flows.Msg = "profile.choose_neighbourhood"
	msgProfileChooseLanguage       flows.Msg = "profile.choose_language"
	msgProfileUpdatedName          flows.Msg = "profile.updated_name"
	msgProfileUpdatedPhone         flows.Msg = "profile.updated_phone"
	msgProfileUpdatedNeighbourhood flows.Msg = "profile.updated_neighbourhood"
	msgProfileUpdatedLanguage      flows.Msg = "profile.updated_language"
)

// /du_lieu and the deletion.
const (
	msgMyDataProfile          flows.Msg = "mydata.profile"
	msgMyDataConsents         flows.Msg = "mydata.consents"
	msgMyDataConsent          flows.Msg = "mydata.consent"
	msgMyDataConsentWithdrawn flows.Msg = "mydata.consent_withdrawn"
	msgMyDataRights           flows.Msg = "mydata.rights"
	msgMyDataDelete           flows.Msg = "mydata.delete_button"
	msgMyDataFile             flows.Msg = "mydata.file"
	msgDeleteExplain          flows.Msg = "delete.explain"
	msgDeleteHint             flows.Msg = "delete.hint"
	msgDeleteYes              flows.Msg = "delete.yes"
	msgDeleteNo               flows.Msg = "delete.no"
	msgDeleteKept             flows.Msg = "delete.kept"
	msgDeleteDone             flows.Msg = "delete.done"
	msgDeleteGoodbye          flows.Msg = "delete.goodbye"
)

const (
	msgLangNameVI           flows.Msg = "lang.vi"
	msgLangNameEN           flows.Msg = "lang.en"
	msgRegAskName           flows.Msg = "reg.ask_name"
	msgRegNameHint          flows.Msg = "reg.name_hint"
	msgRegUseTelegramName   flows.Msg = "reg.use_telegram_name"
	msgRegAskPhone          flows.Msg = "reg.ask_phone"
	msgRegAskNeighbourhood  flows.Msg = "reg.ask_neighbourhood"
	msgRegNeighbourhoodHint flows.Msg = "reg.neighbourhood_hint"
	msgRegSummary           flows.Msg = "reg.summary"
	msgRegConfirm           flows.Msg = "reg.confirm"
	msgRegConfirmHint       flows.Msg = "reg.confirm_hint"
	msgRegFixNeighbourhood  flows.Msg = "reg.fix_neighbourhood"
	msgRegConfirmed         flows.Msg = "reg.confirmed"
	msgRegWelcome           flows.Msg = "reg.welcome"
	msgInviteRedeemed       flows.Msg = "invite.redeemed"
	msgInviteUnknown        flows.Msg = "invite.unknown"
	msgInviteUsed           flows.Msg = "invite.used"
	msgInviteExpired        flows.Msg = "invite.expired"
	msgMenuProfile          flows.Msg = "menu.profile"
	msgMenuHelp             flows.Msg = "menu.help"
	msgCmdStart             flows.Msg = "cmd.start"
	msgCmdProfile           flows.Msg = "cmd.toi"
	msgCmdMyData            flows.Msg = "cmd.du_lieu"
	msgCmdHelp              flows.Msg = "cmd.help"
)

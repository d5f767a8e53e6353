package petition

import "danchu/flows"

// Texts of the petitions: intake, the author's side, the inbox
// and the notices sent through the outbox.

const (
	msgKindRecommendation flows.Msg = "kind.recommendation"
	msgKindReport         flows.Msg = "kind.report"
	msgKindComplaint      flows.Msg = "kind.complaint"
	msgKindDenunciation   flows.Msg = "kind.denunciation"
)

const (
	msgStatusReceived    flows.Msg = "status.received"
	msgStatusAccepted    flows.Msg = "status.accepted"
	msgStatusRefused     flows.Msg = "status.refused"
	msgStatusTransferred flows.Msg = "status.transferred"
	msgStatusInProgress  flows.Msg = "status.in_progress"
	msgStatusAnswered    flows.Msg = "status.answered"
	msgStatusClosed      flows.Msg = "status.closed"
	msgStatusWithdrawn   flows.Msg = "status.withdrawn"
)

const (
	msgPetDraftFound           flows.Msg = "pet.draft_found"
	msgPetDraftContinue        flows.Msg = "pet.draft_continue"
	msgPetDraftRestart         flows.Msg = "pet.draft_restart"
	msgPetDraftDropped         flows.Msg = "pet.draft_dropped"
	msgPetDraftGone            flows.Msg = "pet.draft_gone"
	msgPetDraftResumed         flows.Msg = "pet.draft_resumed"
	msgPetTriage               flows.Msg = "pet.triage"
	msgPetTriageRecommendation flows.Msg = "pet.triage_recommendation"
	msgPetTriageReport         flows.Msg = "pet.triage_report"
	msgPetTriageComplaint      flows.Msg = "pet.triage_complaint"
	msgPetTriageDenunciation   flows.Msg = "pet.triage_denunciation"
	msgPetKindChosen           flows.Msg = "pet.kind_chosen"
	msgPetDenNotice            flows.Msg = "pet.den_notice"
	msgPetNoticeOK             flows.Msg = "pet.notice_ok"
	msgPetNoticeAnon           flows.Msg = "pet.notice_anon"
	msgPetNoticeAccepted       flows.Msg = "pet.notice_accepted"
	msgPetNoticeAnonymous      flows.Msg = "pet.notice_anonymous"
	msgPetAskAddress           flows.Msg = "pet.ask_address"
	msgPetAddressInvalid       flows.Msg = "pet.address_invalid"
	msgPetIdentity             flows.Msg = "pet.identity"
	msgPetIdentitySecret       flows.Msg = "pet.identity_secret"
	msgPetIdentityOK           flows.Msg = "pet.identity_ok"
	msgPetFixAddress           flows.Msg = "pet.fix_address"
	msgPetAskIdName            flows.Msg = "pet.ask_id_name"
	msgPetAskIdPhone           flows.Msg = "pet.ask_id_phone"
	msgPetAskField             flows.Msg = "pet.ask_field"
	msgPetFieldChosen          flows.Msg = "pet.field_chosen"
	msgPetAskSubject           flows.Msg = "pet.ask_subject"
	msgPetAskLearned           flows.Msg = "pet.ask_learned"
	msgPetLearnedInvalid       flows.Msg = "pet.learned_invalid"
	msgPetLearnedLate          flows.Msg = "pet.learned_late"
	msgPetAskRequest           flows.Msg = "pet.ask_request"
	msgPetAskContent           flows.Msg = "pet.ask_content"
	msgPetAskContentDen        flows.Msg = "pet.ask_content_den"
	msgPetContentReceived      flows.Msg = "pet.content_received"
	msgPetContentTooLong       flows.Msg = "pet.content_too_long"
	msgPetDone                 flows.Msg = "pet.done"
	msgPetSkip                 flows.Msg = "pet.skip"
	msgPetAskAttach            flows.Msg = "pet.ask_attach"
	msgPetAttachReceived       flows.Msg = "pet.attach_received"
	msgPetAttachFull           flows.Msg = "pet.attach_full"
	msgPetAskAnon              flows.Msg = "pet.ask_anon"
	msgPetNamed                flows.Msg = "pet.named"
	msgPetAnonymous            flows.Msg = "pet.anonymous"
	msgPetAskPlace             flows.Msg = "pet.ask_place"
	msgPetReviewTitle          flows.Msg = "pet.review_title"
	msgPetSend                 flows.Msg = "pet.send"
	msgPetFixKind              flows.Msg = "pet.fix_kind"
	msgPetFixField             flows.Msg = "pet.fix_field"
	msgPetFixPlace             flows.Msg = "pet.fix_place"
	msgPetFixContent           flows.Msg = "pet.fix_content"
	msgPetFixAttach            flows.Msg = "pet.fix_attach"
	msgPetFixIdentity          flows.Msg = "pet.fix_identity"
	msgPetFixAnon              flows.Msg = "pet.fix_anon"
	msgPetFixSubject           flows.Msg = "pet.fix_subject"
	msgPetFixLearned           flows.Msg = "pet.fix_learned"
	msgPetFixRequest           flows.Msg = "pet.fix_request"
	msgPetUseButtons           flows.Msg = "pet.use_buttons"
	msgPetSent                 flows.Msg = "pet.sent"
	msgPetReceipt              flows.Msg = "pet.receipt"
	msgPetReceiptSecret        flows.Msg = "pet.receipt_secret"
	msgPetReceiptAnonymous     flows.Msg = "pet.receipt_anonymous"
	msgPetDailyLimit           flows.Msg = "pet.daily_limit"
	msgPetDupAsk               flows.Msg = "pet.dup_ask"
	msgPetDupYes               flows.Msg = "pet.dup_yes"
	msgPetDupNo                flows.Msg = "pet.dup_no"
	msgPetDupDropped           flows.Msg = "pet.dup_dropped"
)

const (
	msgLineKind          flows.Msg = "line.kind"
	msgLineField         flows.Msg = "line.field"
	msgLinePlace         flows.Msg = "line.place"
	msgLineAuthor        flows.Msg = "line.author"
	msgLineSubject       flows.Msg = "line.subject"
	msgLineLearned       flows.Msg = "line.learned"
	msgLineRequest       flows.Msg = "line.request"
	msgLineAttachments   flows.Msg = "line.attachments"
	msgLineContent       flows.Msg = "line.content"
	msgLineStatus        flows.Msg = "line.status"
	msgLineReceived      flows.Msg = "line.received"
	msgLineAcceptDue     flows.Msg = "line.accept_due"
	msgLineResolveDue    flows.Msg = "line.resolve_due"
	msgLineTransferredTo flows.Msg = "line.transferred_to"
	msgLineHandler       flows.Msg = "line.handler"
	msgListDue           flows.Msg = "line.list_due"
)

const (
	msgAuthorAnonymous      flows.Msg = "author.anonymous"
	msgAuthorAnonymousStaff flows.Msg = "author.anonymous_staff"
	msgAuthorNamed          flows.Msg = "author.named"
	msgAuthorIdentity       flows.Msg = "author.identity"
	msgAuthorHidden         flows.Msg = "author.hidden"
	msgAuthorUnknown        flows.Msg = "author.unknown"
)

const (
	msgAttachNone   flows.Msg = "attach.none"
	msgAttachCounts flows.Msg = "attach.counts"
)

const (
	msgFilesButton       flows.Msg = "files.button"
	msgFilesAnswerButton flows.Msg = "files.answer_button"
	msgFilesTitle        flows.Msg = "files.title"
	msgFilesAnswerTitle  flows.Msg = "files.answer_title"
	msgFilesNone         flows.Msg = "files.none"
)

const (
	msgDueLeft    flows.Msg = "due.left"
	msgDueToday   flows.Msg = "due.today"
	msgDueOverdue flows.Msg = "due.overdue"
)

const (
	msgHistTitle    flows.Msg = "hist.title"
	msgHistSubmit   flows.Msg = "hist.submit"
	msgHistAssign   flows.Msg = "hist.assign"
	msgHistAccept   flows.Msg = "hist.accept"
	msgHistRefuse   flows.Msg = "hist.refuse"
	msgHistTransfer flows.Msg = "hist.transfer"
	msgHistExtend   flows.Msg = "hist.extend"
	msgHistAnswer   flows.Msg = "hist.answer"
	msgHistNote     flows.Msg = "hist.note"
	msgHistClose    flows.Msg = "hist.close"
	msgHistWithdraw flows.Msg = "hist.withdraw"
	msgHistReopen   flows.Msg = "hist.reopen"
	msgHistFiles    flows.Msg = "hist.files"
	msgHistByAuthor flows.Msg = "hist.by_author"
	msgHistBySystem flows.Msg = "hist.by_system"
	msgHistByGone   flows.Msg = "hist.by_gone"
)

const (
	msgCardTitle        flows.Msg = "card.title"
	msgReopenedFlag     flows.Msg = "card.reopened"
	msgPetitionNotFound flows.Msg = "card.not_found"
	msgChangedMeanwhile flows.Msg = "card.changed"
	msgNotNow           flows.Msg = "card.not_now"
	msgViewPetition     flows.Msg = "card.view"
)

const (
	msgMineTitle flows.Msg = "mine.title"
	msgMineEmpty flows.Msg = "mine.empty"
	msgMineBack  flows.Msg = "mine.back"
)

const (
	msgLookupAsk      flows.Msg = "lookup.ask"
	msgLookupInvalid  flows.Msg = "lookup.invalid"
	msgLookupNotFound flows.Msg = "lookup.not_found"
)

const (
	msgRatePrompt     flows.Msg = "rate.prompt"
	msgRateAskComment flows.Msg = "rate.ask_comment"
	msgRateThanks     flows.Msg = "rate.thanks"
	msgRateDone       flows.Msg = "rate.done"
	msgRateAlready    flows.Msg = "rate.already"
)

const (
	msgReopenButton flows.Msg = "reopen.button"
	msgReopenAsk    flows.Msg = "reopen.ask"
	msgReopenDone   flows.Msg = "reopen.done"
)

const (
	msgWithdrawButton flows.Msg = "withdraw.button"
	msgWithdrawAsk    flows.Msg = "withdraw.ask"
	msgWithdrawYes    flows.Msg = "withdraw.yes"
	msgWithdrawNo     flows.Msg = "withdraw.no"
	msgWithdrawDone   flows.Msg = "withdraw.done"
)

const (
	msgNoticeAccepted       flows.Msg = "notice.accepted"
	msgNoticeRefused        flows.Msg = "notice.refused"
	msgNoticeTransferred    flows.Msg = "notice.transferred"
	msgNoticeExtended       flows.Msg = "notice.extended"
	msgNoticeAnswered       flows.Msg = "notice.answered"
	msgNoticeAnswerFiles    flows.Msg = "notice.answer_files"
	msgNoticeClosed         flows.Msg = "notice.closed"
	msgNoticeReopened       flows.Msg = "notice.reopened"
	msgNoticeNewPetition    flows.Msg = "notice.new_petition"
	msgNoticeAssigned       flows.Msg = "notice.assigned"
	msgNoticeReopenedStaff  flows.Msg = "notice.reopened_staff"
	msgNoticeWithdrawnStaff flows.Msg = "notice.withdrawn_staff"
	msgNoticeDraft          flows.Msg = "notice.draft"
	msgNoticeDraftContinue  flows.Msg = "notice.draft_continue"
)

const (
	msgInboxTitle     flows.Msg = "inbox.title"
	msgInboxEmpty     flows.Msg = "inbox.empty"
	msgInboxBack      flows.Msg = "inbox.back"
	msgUnassigned     flows.Msg = "inbox.unassigned"
	msgViewNew        flows.Msg = "inbox.view_new"
	msgViewMine       flows.Msg = "inbox.view_mine"
	msgViewSoon       flows.Msg = "inbox.view_soon"
	msgViewOverdue    flows.Msg = "inbox.view_overdue"
	msgViewAll        flows.Msg = "inbox.view_all"
	msgFilterKind     flows.Msg = "inbox.filter_kind"
	msgFilterField    flows.Msg = "inbox.filter_field"
	msgFilterPlace    flows.Msg = "inbox.filter_place"
	msgFilterClear    flows.Msg = "inbox.filter_clear"
	msgFilterLine     flows.Msg = "inbox.filter_line"
	msgFilterKindAsk  flows.Msg = "inbox.filter_kind_ask"
	msgFilterFieldAsk flows.Msg = "inbox.filter_field_ask"
	msgFilterPlaceAsk flows.Msg = "inbox.filter_place_ask"
	msgFilterAny      flows.Msg = "inbox.filter_any"
	msgCountsTitle    flows.Msg = "inbox.counts_title"
	msgCountsLine     flows.Msg = "inbox.counts_line"
)

const (
	msgIbAssign          flows.Msg = "ib.assign"
	msgIbTake            flows.Msg = "ib.take"
	msgIbAccept          flows.Msg = "ib.accept"
	msgIbRefuse          flows.Msg = "ib.refuse"
	msgIbTransfer        flows.Msg = "ib.transfer"
	msgIbExtend          flows.Msg = "ib.extend"
	msgIbAnswer          flows.Msg = "ib.answer"
	msgIbNote            flows.Msg = "ib.note"
	msgIbClose           flows.Msg = "ib.close"
	msgIbAssignAsk       flows.Msg = "ib.assign_ask"
	msgIbAskRefuse       flows.Msg = "ib.ask_refuse"
	msgIbAskTransfer     flows.Msg = "ib.ask_transfer"
	msgIbAskExtend       flows.Msg = "ib.ask_extend"
	msgIbAskAnswer       flows.Msg = "ib.ask_answer"
	msgIbAskNote         flows.Msg = "ib.ask_note"
	msgIbStop            flows.Msg = "ib.stop"
	msgIbAnswerReceived  flows.Msg = "ib.answer_received"
	msgIbAnswerNeedsText flows.Msg = "ib.answer_needs_text"
	msgIbSendAnswer      flows.Msg = "ib.send_answer"
	msgIbAssigned        flows.Msg = "ib.assigned"
	msgIbAccepted        flows.Msg = "ib.accepted"
	msgIbRefused         flows.Msg = "ib.refused"
	msgIbTransferred     flows.Msg = "ib.transferred"
	msgIbExtended        flows.Msg = "ib.extended"
	msgIbAnswered        flows.Msg = "ib.answered"
	msgIbNoted           flows.Msg = "ib.noted"
	msgIbClosed          flows.Msg = "ib.closed"
	msgIbExtendLate      flows.Msg = "ib.extend_late"
	msgIbExtendUsed      flows.Msg = "ib.extend_used"
)

const (
	msgMenuSendPetition flows.Msg = "menu.send_petition"
	msgMenuMyPetitions  flows.Msg = "menu.my_petitions"
	msgMenuInbox        flows.Msg = "menu.inbox"
	msgCmdSendPetition  flows.Msg = "cmd.gui_don"
	msgCmdMyPetitions   flows.Msg = "cmd.don_cua_toi"
	msgCmdLookup        flows.Msg = "cmd.tra_cuu"
)

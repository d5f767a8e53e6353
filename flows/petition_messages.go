package flows

// Texts of the petitions (issue 3): intake, the author's side, the inbox
// and the notices sent through the outbox.

const (
	msgKindRecommendation msg = "kind.recommendation"
	msgKindReport         msg = "kind.report"
	msgKindComplaint      msg = "kind.complaint"
	msgKindDenunciation   msg = "kind.denunciation"
)

const (
	msgStatusReceived    msg = "status.received"
	msgStatusAccepted    msg = "status.accepted"
	msgStatusRefused     msg = "status.refused"
	msgStatusTransferred msg = "status.transferred"
	msgStatusInProgress  msg = "status.in_progress"
	msgStatusAnswered    msg = "status.answered"
	msgStatusClosed      msg = "status.closed"
	msgStatusWithdrawn   msg = "status.withdrawn"
)

const (
	msgPetDraftFound           msg = "pet.draft_found"
	msgPetDraftContinue        msg = "pet.draft_continue"
	msgPetDraftRestart         msg = "pet.draft_restart"
	msgPetDraftDropped         msg = "pet.draft_dropped"
	msgPetDraftGone            msg = "pet.draft_gone"
	msgPetDraftResumed         msg = "pet.draft_resumed"
	msgPetTriage               msg = "pet.triage"
	msgPetTriageRecommendation msg = "pet.triage_recommendation"
	msgPetTriageReport         msg = "pet.triage_report"
	msgPetTriageComplaint      msg = "pet.triage_complaint"
	msgPetTriageDenunciation   msg = "pet.triage_denunciation"
	msgPetKindChosen           msg = "pet.kind_chosen"
	msgPetDenNotice            msg = "pet.den_notice"
	msgPetNoticeOK             msg = "pet.notice_ok"
	msgPetNoticeAnon           msg = "pet.notice_anon"
	msgPetNoticeAccepted       msg = "pet.notice_accepted"
	msgPetNoticeAnonymous      msg = "pet.notice_anonymous"
	msgPetAskAddress           msg = "pet.ask_address"
	msgPetAddressInvalid       msg = "pet.address_invalid"
	msgPetIdentity             msg = "pet.identity"
	msgPetIdentitySecret       msg = "pet.identity_secret"
	msgPetIdentityOK           msg = "pet.identity_ok"
	msgPetFixAddress           msg = "pet.fix_address"
	msgPetAskIdName            msg = "pet.ask_id_name"
	msgPetAskIdPhone           msg = "pet.ask_id_phone"
	msgPetAskField             msg = "pet.ask_field"
	msgPetFieldChosen          msg = "pet.field_chosen"
	msgPetAskSubject           msg = "pet.ask_subject"
	msgPetAskLearned           msg = "pet.ask_learned"
	msgPetLearnedInvalid       msg = "pet.learned_invalid"
	msgPetLearnedLate          msg = "pet.learned_late"
	msgPetAskRequest           msg = "pet.ask_request"
	msgPetShortInvalid         msg = "pet.short_invalid"
	msgPetAskContent           msg = "pet.ask_content"
	msgPetAskContentDen        msg = "pet.ask_content_den"
	msgPetContentReceived      msg = "pet.content_received"
	msgPetContentTooLong       msg = "pet.content_too_long"
	msgPetDone                 msg = "pet.done"
	msgPetSkip                 msg = "pet.skip"
	msgPetAskAttach            msg = "pet.ask_attach"
	msgPetAttachReceived       msg = "pet.attach_received"
	msgPetAttachFull           msg = "pet.attach_full"
	msgPetAskAnon              msg = "pet.ask_anon"
	msgPetNamed                msg = "pet.named"
	msgPetAnonymous            msg = "pet.anonymous"
	msgPetAskPlace             msg = "pet.ask_place"
	msgPetReviewTitle          msg = "pet.review_title"
	msgPetSend                 msg = "pet.send"
	msgPetFixKind              msg = "pet.fix_kind"
	msgPetFixField             msg = "pet.fix_field"
	msgPetFixPlace             msg = "pet.fix_place"
	msgPetFixContent           msg = "pet.fix_content"
	msgPetFixAttach            msg = "pet.fix_attach"
	msgPetFixIdentity          msg = "pet.fix_identity"
	msgPetFixAnon              msg = "pet.fix_anon"
	msgPetFixSubject           msg = "pet.fix_subject"
	msgPetFixLearned           msg = "pet.fix_learned"
	msgPetFixRequest           msg = "pet.fix_request"
	msgPetUseButtons           msg = "pet.use_buttons"
	msgPetSent                 msg = "pet.sent"
	msgPetReceipt              msg = "pet.receipt"
	msgPetReceiptSecret        msg = "pet.receipt_secret"
	msgPetReceiptAnonymous     msg = "pet.receipt_anonymous"
	msgPetDailyLimit           msg = "pet.daily_limit"
	msgPetDupAsk               msg = "pet.dup_ask"
	msgPetDupYes               msg = "pet.dup_yes"
	msgPetDupNo                msg = "pet.dup_no"
	msgPetDupDropped           msg = "pet.dup_dropped"
)

const (
	msgLineKind          msg = "line.kind"
	msgLineField         msg = "line.field"
	msgLinePlace         msg = "line.place"
	msgLineAuthor        msg = "line.author"
	msgLineSubject       msg = "line.subject"
	msgLineLearned       msg = "line.learned"
	msgLineRequest       msg = "line.request"
	msgLineAttachments   msg = "line.attachments"
	msgLineContent       msg = "line.content"
	msgLineStatus        msg = "line.status"
	msgLineReceived      msg = "line.received"
	msgLineAcceptDue     msg = "line.accept_due"
	msgLineResolveDue    msg = "line.resolve_due"
	msgLineTransferredTo msg = "line.transferred_to"
	msgLineHandler       msg = "line.handler"
	msgListDue           msg = "line.list_due"
	msgPlaceNone         msg = "line.no_place"
)

const (
	msgAuthorAnonymous      msg = "author.anonymous"
	msgAuthorAnonymousStaff msg = "author.anonymous_staff"
	msgAuthorNamed          msg = "author.named"
	msgAuthorIdentity       msg = "author.identity"
	msgAuthorHidden         msg = "author.hidden"
	msgAuthorUnknown        msg = "author.unknown"
)

const (
	msgAttachNone   msg = "attach.none"
	msgAttachCounts msg = "attach.counts"
)

const (
	msgFilesButton       msg = "files.button"
	msgFilesAnswerButton msg = "files.answer_button"
	msgFilesTitle        msg = "files.title"
	msgFilesAnswerTitle  msg = "files.answer_title"
	msgFilesNone         msg = "files.none"
)

const (
	msgDueLeft    msg = "due.left"
	msgDueToday   msg = "due.today"
	msgDueOverdue msg = "due.overdue"
)

const (
	msgHistTitle    msg = "hist.title"
	msgHistSubmit   msg = "hist.submit"
	msgHistAssign   msg = "hist.assign"
	msgHistAccept   msg = "hist.accept"
	msgHistRefuse   msg = "hist.refuse"
	msgHistTransfer msg = "hist.transfer"
	msgHistExtend   msg = "hist.extend"
	msgHistAnswer   msg = "hist.answer"
	msgHistNote     msg = "hist.note"
	msgHistClose    msg = "hist.close"
	msgHistWithdraw msg = "hist.withdraw"
	msgHistReopen   msg = "hist.reopen"
	msgHistFiles    msg = "hist.files"
	msgHistByAuthor msg = "hist.by_author"
	msgHistBySystem msg = "hist.by_system"
	msgHistByGone   msg = "hist.by_gone"
)

const (
	msgCardTitle        msg = "card.title"
	msgReopenedFlag     msg = "card.reopened"
	msgPetitionNotFound msg = "card.not_found"
	msgChangedMeanwhile msg = "card.changed"
	msgNotNow           msg = "card.not_now"
	msgViewPetition     msg = "card.view"
	msgPagePrev         msg = "card.page_prev"
	msgPageNext         msg = "card.page_next"
)

const (
	msgMineTitle msg = "mine.title"
	msgMineEmpty msg = "mine.empty"
	msgMineBack  msg = "mine.back"
)

const (
	msgLookupAsk      msg = "lookup.ask"
	msgLookupInvalid  msg = "lookup.invalid"
	msgLookupNotFound msg = "lookup.not_found"
)

const (
	msgRatePrompt     msg = "rate.prompt"
	msgRateAskComment msg = "rate.ask_comment"
	msgRateThanks     msg = "rate.thanks"
	msgRateDone       msg = "rate.done"
	msgRateAlready    msg = "rate.already"
)

const (
	msgReopenButton msg = "reopen.button"
	msgReopenAsk    msg = "reopen.ask"
	msgReopenDone   msg = "reopen.done"
)

const (
	msgWithdrawButton msg = "withdraw.button"
	msgWithdrawAsk    msg = "withdraw.ask"
	msgWithdrawYes    msg = "withdraw.yes"
	msgWithdrawNo     msg = "withdraw.no"
	msgWithdrawDone   msg = "withdraw.done"
)

const (
	msgNoticeAccepted       msg = "notice.accepted"
	msgNoticeRefused        msg = "notice.refused"
	msgNoticeTransferred    msg = "notice.transferred"
	msgNoticeExtended       msg = "notice.extended"
	msgNoticeAnswered       msg = "notice.answered"
	msgNoticeAnswerFiles    msg = "notice.answer_files"
	msgNoticeClosed         msg = "notice.closed"
	msgNoticeReopened       msg = "notice.reopened"
	msgNoticeNewPetition    msg = "notice.new_petition"
	msgNoticeAssigned       msg = "notice.assigned"
	msgNoticeReopenedStaff  msg = "notice.reopened_staff"
	msgNoticeWithdrawnStaff msg = "notice.withdrawn_staff"
	msgNoticeDraft          msg = "notice.draft"
	msgNoticeDraftContinue  msg = "notice.draft_continue"
)

const (
	msgInboxTitle     msg = "inbox.title"
	msgInboxEmpty     msg = "inbox.empty"
	msgInboxBack      msg = "inbox.back"
	msgUnassigned     msg = "inbox.unassigned"
	msgViewNew        msg = "inbox.view_new"
	msgViewMine       msg = "inbox.view_mine"
	msgViewSoon       msg = "inbox.view_soon"
	msgViewOverdue    msg = "inbox.view_overdue"
	msgViewAll        msg = "inbox.view_all"
	msgFilterKind     msg = "inbox.filter_kind"
	msgFilterField    msg = "inbox.filter_field"
	msgFilterPlace    msg = "inbox.filter_place"
	msgFilterClear    msg = "inbox.filter_clear"
	msgFilterLine     msg = "inbox.filter_line"
	msgFilterKindAsk  msg = "inbox.filter_kind_ask"
	msgFilterFieldAsk msg = "inbox.filter_field_ask"
	msgFilterPlaceAsk msg = "inbox.filter_place_ask"
	msgFilterAny      msg = "inbox.filter_any"
	msgCountsTitle    msg = "inbox.counts_title"
	msgCountsLine     msg = "inbox.counts_line"
)

const (
	msgIbAssign          msg = "ib.assign"
	msgIbTake            msg = "ib.take"
	msgIbAccept          msg = "ib.accept"
	msgIbRefuse          msg = "ib.refuse"
	msgIbTransfer        msg = "ib.transfer"
	msgIbExtend          msg = "ib.extend"
	msgIbAnswer          msg = "ib.answer"
	msgIbNote            msg = "ib.note"
	msgIbClose           msg = "ib.close"
	msgIbAssignAsk       msg = "ib.assign_ask"
	msgIbAskRefuse       msg = "ib.ask_refuse"
	msgIbAskTransfer     msg = "ib.ask_transfer"
	msgIbAskExtend       msg = "ib.ask_extend"
	msgIbAskAnswer       msg = "ib.ask_answer"
	msgIbAskNote         msg = "ib.ask_note"
	msgIbStop            msg = "ib.stop"
	msgIbAnswerReceived  msg = "ib.answer_received"
	msgIbAnswerNeedsText msg = "ib.answer_needs_text"
	msgIbSendAnswer      msg = "ib.send_answer"
	msgIbAssigned        msg = "ib.assigned"
	msgIbAccepted        msg = "ib.accepted"
	msgIbRefused         msg = "ib.refused"
	msgIbTransferred     msg = "ib.transferred"
	msgIbExtended        msg = "ib.extended"
	msgIbAnswered        msg = "ib.answered"
	msgIbNoted           msg = "ib.noted"
	msgIbClosed          msg = "ib.closed"
	msgIbExtendLate      msg = "ib.extend_late"
	msgIbExtendUsed      msg = "ib.extend_used"
)

package flows

// Texts of the report deadlines (issue 6): /bao_cao and the "Đã nộp" button
// of the reminders the scheduler sends.
const (
	msgRptHeader        msg = "rpt.header"
	msgRptNone          msg = "rpt.none"
	msgRptLineOpen      msg = "rpt.line_open"
	msgRptLineToday     msg = "rpt.line_today"
	msgRptLineOverdue   msg = "rpt.line_overdue"
	msgRptLineDone      msg = "rpt.line_done"
	msgRptButtonDone    msg = "rpt.button_done"
	msgRptButtonNew     msg = "rpt.button_new"
	msgRptDone          msg = "rpt.done"
	msgRptDoneBefore    msg = "rpt.done_before"
	msgRptNotYours      msg = "rpt.not_yours"
	msgRptChairmanOnly  msg = "rpt.chairman_only"
	msgRptAskTitle      msg = "rpt.ask_title"
	msgRptTitleBad      msg = "rpt.title_bad"
	msgRptAskDue        msg = "rpt.ask_due"
	msgRptDueBad        msg = "rpt.due_bad"
	msgRptDuePast       msg = "rpt.due_past"
	msgRptAskWho        msg = "rpt.ask_who"
	msgRptWhoAll        msg = "rpt.who_all"
	msgRptWhoSome       msg = "rpt.who_some"
	msgRptButtonAll     msg = "rpt.button_all"
	msgRptButtonSave    msg = "rpt.button_save"
	msgRptButtonCancel  msg = "rpt.button_cancel"
	msgRptCreated       msg = "rpt.created"
	msgRptCreatedForAll msg = "rpt.created_for_all"
	msgRptCancelled     msg = "rpt.cancelled"
	msgRptUsePick       msg = "rpt.use_pick"
)

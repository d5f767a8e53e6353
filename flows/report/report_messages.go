package report

import "danchu/flows"

// Texts of the report deadlines: /bao_cao and the "Đã nộp" button
// of the reminders the scheduler sends.
const (
	msgRptHeader        flows.Msg = "rpt.header"
	msgRptNone          flows.Msg = "rpt.none"
	msgRptLineOpen      flows.Msg = "rpt.line_open"
	msgRptLineToday     flows.Msg = "rpt.line_today"
	msgRptLineOverdue   flows.Msg = "rpt.line_overdue"
	msgRptLineDone      flows.Msg = "rpt.line_done"
	msgRptButtonDone    flows.Msg = "rpt.button_done"
	msgRptButtonNew     flows.Msg = "rpt.button_new"
	msgRptDone          flows.Msg = "rpt.done"
	msgRptDoneBefore    flows.Msg = "rpt.done_before"
	msgRptNotYours      flows.Msg = "rpt.not_yours"
	msgRptChairmanOnly  flows.Msg = "rpt.chairman_only"
	msgRptAskTitle      flows.Msg = "rpt.ask_title"
	msgRptTitleBad      flows.Msg = "rpt.title_bad"
	msgRptAskDue        flows.Msg = "rpt.ask_due"
	msgRptDueBad        flows.Msg = "rpt.due_bad"
	msgRptDuePast       flows.Msg = "rpt.due_past"
	msgRptAskWho        flows.Msg = "rpt.ask_who"
	msgRptWhoAll        flows.Msg = "rpt.who_all"
	msgRptWhoSome       flows.Msg = "rpt.who_some"
	msgRptButtonAll     flows.Msg = "rpt.button_all"
	msgRptButtonSave    flows.Msg = "rpt.button_save"
	msgRptButtonCancel  flows.Msg = "rpt.button_cancel"
	msgRptCreated       flows.Msg = "rpt.created"
	msgRptCreatedForAll flows.Msg = "rpt.created_for_all"
	msgRptCancelled     flows.Msg = "rpt.cancelled"
	msgRptUsePick       flows.Msg = "rpt.use_pick"
)

// The main menu's buttons.
const (
	msgMenuReports     flows.Msg = "menu.reports"
	msgMenuSupervision flows.Msg = "menu.supervision"
)

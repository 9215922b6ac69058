"""Signals about cases between procedure apps that may not import each other (ADR 0023),
sent inside the sender's transaction, so what the receivers write stands or falls with it.

`act_reviewed`: a reconsideration decision on the act of another case (a disclosure reply)
has been served. Keyword arguments: number (the reviewed case's number), kind (the decision
type: revoke, partial_revoke, confirm_illegal, order_performance, change, uphold, …), redo
(an order to make the act again, 《行政复议法》第六十四条), redo_days (the period set, or
None), decision_no, decided_on and served_on (dates), today. A receiver that acts on it
returns what it did, in Chinese."""

from django.dispatch import Signal

act_reviewed = Signal()

# `act_challenged`: the act of another case (a disclosure reply, a penalty decision) is
# challenged in court and the agency responds (行政应诉, sent by the litigation app).
# Keyword arguments: number (the challenged case's number), stage ("registered" when the
# court's papers are registered, "decided" when the judgment takes effect or the suit is
# withdrawn), court, court_case_no, litigation_case (the response case's number), outcome
# (upheld, revoked, confirmed_illegal, ordered_perform, changed, dismissed, withdrawn, or ""
# while pending), outcome_label, lost, corrected, today. A receiver that acts on it returns
# what it did, in Chinese.
act_challenged = Signal()

# The challenged case's history shows the suit and its outcome as two record entries
# ("litigation:registered", "litigation:decided", written by the litigation app through
# `fazhi.cases.engine.record`); a procedure whose acts may be challenged adds these labels
# to its `ProcedureScreens.payload_labels` so its case page names them.
CHALLENGE_LABELS = {
    "litigation:registered": "被诉至人民法院（行政应诉）",
    "litigation:decided": "行政诉讼结果",
    "court": "受理法院", "court_case_no": "法院案号", "litigation_case": "行政应诉案件",
    "outcome_label": "裁判结果",
}
# `mediation_concluded`: a people's mediation referred by another body (衔接联动: a petition,
# a court, police …) has a result. Keyword arguments: kind (the referring body's kind:
# court, petition, police, procuratorate, arbitration), number (the referring case's
# number), result (agreed, failed, ended, refused, confirmed, rejected), mediation (the
# mediation case's number), agreement (the agreement's text, or ""), today. A receiver that
# acts on it returns what it did, in Chinese.
mediation_concluded = Signal()

# `document_reviewed`: incidental review of a normative document (规范性文件附带审查,
# 《行政复议法》第十三条、第五十六条至第六十条), sent by the reconsideration app to the
# normative-documents app, which it does not import. Keyword arguments: stage, number (the
# document's unified registration number, 统一登记号, NFKC-normalised), case (the
# reconsideration case's number), today, and by stage:
#   "lookup"    — nothing else; a receiver that knows the published document returns a dict
#                 {"title", "doc_no", "issuer_code", "issuer_name"}, else None (the sender
#                 refuses an unknown number when no receiver answers);
#   "requested" — clauses (the contested clauses), body (the reconsideration body's name);
#   "transferred" — to (the competent body's name);
#   "concluded" — finding ("lawful" or "unlawful"), finding_label, opinion (the reasons),
#                 decided_by (the body that handled it), clauses.
# For the last three a receiver records what it did and returns it, in Chinese. The
# document's history shows them as record entries (REVIEW_LABELS names their payload keys).
document_reviewed = Signal()

REVIEW_LABELS = {
    "reconsideration:review_requested": "行政复议中提出附带审查",
    "reconsideration:review_transferred": "附带审查转送有权处理的机关",
    "reconsideration:review_concluded": "行政复议附带审查结论",
    "reconsideration_case": "行政复议案件", "clauses": "审查的条款", "finding_label": "审查结论",
    "opinion": "处理意见", "decided_by": "处理机关", "to": "接受转送的机关", "body": "行政复议机关",
    "consequence": "处理结果",
}

# `petition_routed`: a petition classified as belonging to administrative reconsideration
# (诉访分离, 《信访工作条例》第三十一条) has its reconsideration application registered (sent by
# the reconsideration app when the office registers an application naming the petition).
# Keyword arguments: number (the petition's number, NFKC-normalised), petitioner_id (the
# applicant's identity number, to match the petitioner), reconsideration (the new case's
# number), today. A receiver that links the petition to it returns what it did, in Chinese;
# the sender refuses the application when nobody does (an unknown or unrouted petition).
# The petition keeps the link as a record entry in its history ("reconsideration:linked",
# payload key "reconsideration_case") and shows that case's number and state.
petition_routed = Signal()
PETITION_LABELS = {"reconsideration:linked": "已申请行政复议", "reconsideration_case": "行政复议案件"}

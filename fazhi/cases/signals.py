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

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

# `mediation_concluded`: a people's mediation referred by another body (衔接联动: a petition,
# a court, police …) has a result. Keyword arguments: kind (the referring body's kind:
# court, petition, police, procuratorate, arbitration), number (the referring case's
# number), result (agreed, failed, ended, refused, confirmed, rejected), mediation (the
# mediation case's number), agreement (the agreement's text, or ""), today. A receiver that
# acts on it returns what it did, in Chinese.
mediation_concluded = Signal()

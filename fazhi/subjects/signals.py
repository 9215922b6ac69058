"""Signals between procedure apps that may not import each other (ADR 0023): inspections
refers a finding to enforcement, enforcement tells inspections the penalty decided on it,
complaints hands a report's lead to enforcement. Those three are sent inside the sender's
transaction, so what the receivers write stands or falls with it; `entity_facts` only reads."""

from django.dispatch import Signal

# An inspection finding handed to enforcement (移交处罚). Keyword arguments: referral_id,
# agency (org.Agency receiving it), uscc, name (the entity), reason, found_on (date). A
# receiver that opens a case returns its number.
referral_made = Signal()

# A penalty decision on a referred finding. Keyword arguments: referral_id, uscc,
# decision_no, decided_on, agency, severity (CreditRecord severity), summary, legal_basis.
penalty_decided = Signal()

# A consumer report (举报) the market regulator decided to open a case on (《市场监督管理行政处罚
# 程序规定》第十八条), sent by fazhi.complaints inside its transaction. Keyword arguments:
# report_id, agency (org.Agency that opens the case), uscc, name (the business), violation,
# legal_basis, act_date, received_on (the day the report was received: the lead's day),
# today. A receiver that registers the lead returns its case number.
report_to_lead = Signal()

# What a procedure knows of one market entity, for a page that shows the entity's credit.
# Keyword arguments: entity (subjects.MarketEntity), today. Each receiver returns a list of
# (label, value) pairs: a Chinese label (shown through fazhi.core.i18n.local) and a number or
# date (complaints: complaints and reports against it in the last 12 months).
entity_facts = Signal()

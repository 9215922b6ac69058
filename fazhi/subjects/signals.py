"""Signals between procedure apps that may not import each other (ADR 0023): inspections
refers a finding to enforcement, enforcement tells inspections the penalty decided on it.
Both are sent inside the sender's transaction, so what the receivers write stands or falls
with it."""

from django.dispatch import Signal

# An inspection finding handed to enforcement (移交处罚). Keyword arguments: referral_id,
# agency (org.Agency receiving it), uscc, name (the entity), reason, found_on (date). A
# receiver that opens a case returns its number.
referral_made = Signal()

# A penalty decision on a referred finding. Keyword arguments: referral_id, uscc,
# decision_no, decided_on, agency, severity (CreditRecord severity), summary, legal_basis.
penalty_decided = Signal()

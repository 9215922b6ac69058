"""Whose case it is: the party key (ADR 0045).

`Case.party_key` is HMAC-SHA256("case-party:" + identifier) under FAZHI_PARTY_KEY_SECRET of
the NFKC-normalised ID number or unified social credit code (USCC) that the opening data
carries under one of the identifier field names of `fazhi.core.inputs.IDENTIFIER_FIELDS`
(the phone excepted: it names no one). The engine sets it when a case opens, so every
procedure's cases get it without code of their own; `fazhi party_keys` fills it in for
cases opened before. The raw number is never stored here and never shown: the key only
answers "is this the same person or firm".
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from fazhi.core.inputs import IDENTIFIER_FIELDS
from fazhi.law.inputs import InputError, identifier

# Identifier fields that name the party (the first found in the opening data is used):
# a person's or applicant's number before a bare `uscc`, which may name another firm.
PARTY_FIELDS = tuple(sorted(IDENTIFIER_FIELDS - {"phone"}, key=lambda f: (f == "uscc", f)))
KEY_LENGTH = 64
# The party's rating of a closed case (fazhi.citizens), an entry in the case's history that
# is not a transition: its label for the staff history, beside documents and sign-off steps.
RATING_RECORD = "rating:party"
RECORD_LABELS = {RATING_RECORD: "当事人满意度评价"}


def normalised(raw: str) -> str:
    """An ID number or USCC as typed → its canonical form (NFKC, no spaces, upper case):
    "" when it is not a usable identifier."""
    try:
        return identifier(raw or "")
    except InputError:
        return ""


def party_key(raw: str) -> str:
    """The keyed digest of an identifier ("" for an empty or unusable one)."""
    value = normalised(raw)
    if not value:
        return ""
    secret = settings.FAZHI_PARTY_KEY_SECRET.encode("utf-8")
    return hmac.new(secret, f"case-party:{value}".encode(), hashlib.sha256).hexdigest()


def key_of(data: Mapping[str, Any] | None, field: str | None = None) -> str:
    """The party key of a case's opening data: its procedure's declared party field, or its
    first party identifier field (`field` None); "" when `field` is ""."""
    if not isinstance(data, Mapping):
        return ""
    for name in PARTY_FIELDS if field is None else (field,) if field else ():
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            return party_key(value)
    return ""


def key_of_payload(payload: str, field: str | None = None) -> str:
    """The same, from an opening event's stored payload (canonical JSON text)."""
    try:
        return key_of(json.loads(payload or "{}"), field)
    except ValueError:
        return ""

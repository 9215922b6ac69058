"""Masking of personal data per audience (PIPL: publish no more than needed).

Staff and the party see everything; the public sees ID-card numbers, mobile and landline
numbers and natural persons' names masked. Organisation names are public.
"""

import re
from collections.abc import Iterable

PUBLIC, PARTY, STAFF = "public", "party", "staff"

_ID_CARD = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{5})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3}-?)(\d{3,4})(\d{4})(?!\d)")


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***; keeps the surname as Chinese practice does."""
    name = name.strip()
    if len(name) <= 1:
        return "*" if name else ""
    return name[0] + "*" * (len(name) - 1)


def mask_id_card(text: str) -> str:
    return _ID_CARD.sub(lambda m: m.group(1)[:3] + "*" * 11 + m.group(3)[-4:], text)


def mask_phones(text: str) -> str:
    text = _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    return _LANDLINE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)


def redact(text: str, audience: str = PUBLIC, names: Iterable[str] = ()) -> str:
    """Mask personal data in free text for an audience; `names` are natural persons' names
    known to appear (the applicant, third parties)."""
    if audience != PUBLIC or not text:
        return text
    text = mask_phones(mask_id_card(text))
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    return text


def mask_identifier(value: str) -> str:
    """Any identifier (ID number, credit code, phone): the first three and last four
    characters kept, the rest starred; short values keep only their last two."""
    value = value.strip()
    if len(value) <= 7:
        return "*" * max(len(value) - 2, 0) + value[-2:]
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str) -> str:
    """A phone number as a notice may show it: 139****5678."""
    masked = mask_phones(value.strip())
    return masked if masked != value.strip() else mask_identifier(value)


def mask_email(value: str) -> str:
    """zhangsan@example.com → zh***@example.com."""
    local, at, domain = value.strip().partition("@")
    return f"{local[:2]}***@{domain}" if at else mask_identifier(value)


def mask_address(value: str, keep: int = 6) -> str:
    """The first characters (city and district) kept, the street and number starred."""
    value = value.strip()
    return value[:keep] + "*" * min(len(value) - keep, 6) if len(value) > keep else value

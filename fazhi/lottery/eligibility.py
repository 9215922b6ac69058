"""Machine eligibility checks of a registration: ID-card number, age, district, phone.

Pure functions returning Chinese messages; the rules are data on the lottery
(`Lottery.eligibility`): {"min_age": 18, "max_age": None, "id_prefixes": ["3502"]}.
What people type is NFKC-normalised by `fazhi.law.inputs.identifier` first (full-width
digits read as ASCII; anything else non-ASCII is refused with `InputError`).
"""

import hashlib
import hmac
import re
from datetime import date

from django.conf import settings

from fazhi.core.i18n import local
from fazhi.law import inputs

# GB 11643-1999 §8.2: ISO 7064 MOD 11-2 over the first 17 digits with these weights.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID = re.compile(r"^[1-9]\d{16}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalise_id(raw: str) -> str:
    """The ID number as typed, NFKC-normalised, without spaces, upper case; InputError
    if a character is left that is not ASCII."""
    return inputs.identifier(raw)


def normalise_phone(raw: str) -> str:
    return inputs.identifier(raw)


def id_check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def birth_date(id_number: str) -> date | None:
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def id_errors(id_number: str) -> list[str]:
    """Format, birth date and GB 11643 check digit of an 18-digit resident ID number."""
    if not _ID.match(id_number):
        return ["公民身份号码应为 18 位（前 17 位为数字，最后一位为数字或 X）"]
    if birth_date(id_number) is None:
        return ["公民身份号码中的出生日期无效"]
    if id_check_digit(id_number[:17]) != id_number[17]:
        return ["公民身份号码校验码不正确，请核对后重新输入"]
    return []


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def check(rules: dict, id_number: str, phone: str, on: date) -> list[tuple[str, str]]:
    """(field, message) for every failed check; empty when the person is eligible."""
    errors = [("id_number", m) for m in id_errors(id_number)]
    if not _MOBILE.match(phone or ""):
        errors.append(("phone", "手机号码应为 11 位中国大陆手机号"))
    if errors:
        return errors
    born = birth_date(id_number)
    age = age_on(born, on)
    if born > on:
        return [("id_number", "公民身份号码中的出生日期晚于今天")]
    if rules.get("min_age") is not None and age < rules["min_age"]:
        errors.append(("id_number", local("本次摇号要求年满 {} 周岁").format(rules["min_age"])))
    if rules.get("max_age") is not None and age > rules["max_age"]:
        errors.append(("id_number", local("本次摇号限 {} 周岁以下人员参加").format(rules["max_age"])))
    prefixes = rules.get("id_prefixes") or []
    if prefixes and not any(id_number.startswith(p) for p in prefixes):
        errors.append(("id_number", "公民身份号码的地址码不在本次摇号的登记范围内"))
    return errors


def keyed_digest(purpose: str, value: str) -> str:
    """HMAC-SHA256 of `purpose:value` under FAZHI_LOTTERY_PERSON_KEY_SECRET (never
    SECRET_KEY, whose rotation must not change these digests)."""
    secret = settings.FAZHI_LOTTERY_PERSON_KEY_SECRET.encode("utf-8")
    return hmac.new(secret, f"{purpose}:{value}".encode("ascii"), hashlib.sha256).hexdigest()


def person_key(id_number: str) -> str:
    """Same person → same key, and no ID number stored (`id_number` already normalised)."""
    return keyed_digest("lottery-person", id_number)


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) == 11 else "***"

"""How a citizen proves, once, who they are (ADR 0045). Pluggable by FAZHI_CITIZEN_VERIFIER.

* `demo` — the demo city's stand-in: the ID number (GB 11643 check digit) or the unified
  social credit code (GB 32100 check character) must be well formed, and the name is
  taken as typed. It proves nothing about the person; it exists so the demo can be walked.
* `provincial` — production: the provincial government-service platform's real-name login
  (e.g. 闽政通 in Fujian): the citizen is sent to FAZHI_CITIZEN_REALNAME_URL, signs in
  there, and the platform returns a signed assertion of the verified ID number/USCC and
  name. Not built here (it needs the platform's onboarding and keys): configured, it
  refuses every proof with a message saying so.

A verifier returns a `Proof` (kind, normalised identifier, name) or raises InvalidData
with a Chinese message naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from fazhi.cases.parties import normalised
from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.core.i18n import local

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


@dataclass(frozen=True)
class Proof:
    kind: str  # "person" | "firm"
    identifier: str  # normalised; used for the digests, then dropped
    name: str
    method: str


def id_number_ok(value: str) -> bool:
    """An 18-character resident ID number with its GB 11643 check digit."""
    if len(value) != 18 or not value[:17].isdigit():
        return False
    total = sum(int(ch) * w for ch, w in zip(value[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == value[17]


def uscc_ok(value: str) -> bool:
    """An 18-character unified social credit code with its GB 32100 check character."""
    if len(value) != 18 or any(ch not in USCC_CHARS for ch in value):
        return False
    total = sum(USCC_CHARS.index(ch) * w for ch, w in zip(value[:17], USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31] == value[17]


class DemoVerifier:
    code = "demo"
    label = "演示核验（仅校验证件号码格式）"

    def prove(self, *, kind: str, identifier: str, name: str) -> Proof:
        value = normalised(identifier)
        name = " ".join((name or "").split())
        if not name:
            raise InvalidData("请填写姓名或单位名称", field="name")
        if len(name) > 100:
            raise InvalidData("姓名或单位名称不能超过100个字符", field="name")
        if kind == "firm":
            if not uscc_ok(value):
                raise InvalidData("统一社会信用代码应为18位，且校验位正确", field="identifier")
        elif kind == "person":
            if not id_number_ok(value):
                raise InvalidData("身份证号码应为18位，且校验位正确", field="identifier")
        else:
            raise InvalidData("请选择个人或法人", field="kind")
        return Proof(kind, value, name, self.code)


class ProvincialVerifier:
    """The production method, described and configured but not built (see the module)."""

    code = "provincial"
    label = "省级政务服务平台实名认证"

    def prove(self, *, kind: str, identifier: str, name: str) -> Proof:
        where = settings.FAZHI_CITIZEN_REALNAME_URL or "FAZHI_CITIZEN_REALNAME_URL"
        raise NotAllowed(local("本站通过省级政务服务平台实名认证核验身份（{where}），"
                               "该对接尚未启用，暂不能在本站直接核验").format(where=where))


VERIFIERS = {v.code: v for v in (DemoVerifier(), ProvincialVerifier())}


def current() -> DemoVerifier | ProvincialVerifier:
    return VERIFIERS.get(settings.FAZHI_CITIZEN_VERIFIER, VERIFIERS["provincial"])

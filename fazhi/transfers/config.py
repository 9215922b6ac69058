"""The limits of 《行政执法机关移送涉嫌犯罪案件的规定》 (State Council Decree 310, revised
2020-08-07) as dated, cited, operator-changeable parameters.

One deployment serves one city: the values are a setting (`FAZHI_TRANSFERS`, a dict; env
`FAZHI_TRANSFERS_<NAME>` overrides one). The decree's limits are ceilings: a city may
shorten one, never lengthen it — except the police's review period, which later joint
rules allow to be longer for complex cases (UNVERIFIED), capped here at 30 days. The unit
is UNVERIFIED too: the decree says "3日", read as calendar days unless the operator sets
`working_days` (domain/addendum-2026-12.md §A). Pages that show a limit say so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from datetime import date

from django.core.exceptions import ImproperlyConfigured

DECREE = "《行政执法机关移送涉嫌犯罪案件的规定》"
REVISED = date(2020, 8, 7)  # 国务院令第730号: the revision in force from its publication
ORIGINAL = date(2001, 7, 9)  # 国务院令第310号

# Article by article (2020 text; the revision added Art. 3(2) and amended Arts. 11, 14).
ART_DUTY = f"{DECREE}第三条"  # a suspected crime must be transferred (IP cases: 第二款)
ART_REPORT = f"{DECREE}第五条第一款"  # team of ≥ 2 officers; written report to the head
ART_DECIDE = f"{DECREE}第五条第二款"  # head decides in 3 days; transfer in 24 hours
ART_PACKAGE = f"{DECREE}第六条"  # the five materials of the package
ART_POLICE = f"{DECREE}第八条"  # police decide in 3 days; refusal with reasons, files returned
ART_RECONSIDER = f"{DECREE}第九条"  # reconsideration 3 + 3 days, or procuratorate supervision
ART_NO_SUBSTITUTE = f"{DECREE}第十一条"  # no penalty instead of a transfer; fine credited
ART_HANDOVER = f"{DECREE}第十二条"  # items handed over within 3 days of the filing notice
ART_SUPERVISION = f"{DECREE}第十四条"  # the procuratorate's supervision

STATUTE = {  # the decree's figures: the ceiling of each parameter
    "head_days": 3, "transfer_days": 1, "police_days": 3, "reconsider_request_days": 3,
    "reconsideration_days": 3, "supervision_request_days": 3, "handover_days": 3,
}
POLICE_COMPLEX_MAX = 30  # UNVERIFIED: complex cases under later joint rules


@dataclass(frozen=True)
class Params:
    head_days: int = 3  # 第五条第二款: from receiving the report
    transfer_days: int = 1  # 第五条第二款: "24小时内", as the day after approval
    police_days: int = 3  # 第八条 (restated; complex cases may be longer: UNVERIFIED)
    reconsider_request_days: int = 3  # 第九条: from receiving the refusal
    reconsideration_days: int = 3  # 第九条 (article restated: UNVERIFIED)
    supervision_request_days: int = 3  # 第九条: after the reconsideration decision
    handover_days: int = 3  # 第十二条: from the filing notice
    working_days: bool = False  # UNVERIFIED unit: the decree says 日
    effective_from: date = REVISED
    police_code: str = "XMGAJ"  # the public-security organ at the same level (第五条第二款)
    procuratorate_code: str = "XMSJCY"  # the procuratorate that supervises (第十四条)


def statutory_errors(params: Params) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, ceiling in STATUTE.items():
        value = getattr(params, name)
        top = POLICE_COMPLEX_MAX if name == "police_days" else ceiling
        if not 1 <= value <= top:
            errors[name] = f"{name} 应在1至{top}日之间（{DECREE}）"
    return errors


def build(values: dict | None = None, environ: dict | None = None) -> Params:
    merged: dict[str, object] = {}
    environ = os.environ if environ is None else environ
    for f in fields(Params):
        raw = environ.get(f"FAZHI_TRANSFERS_{f.name.upper()}", (values or {}).get(f.name))
        if raw is None:
            continue
        try:
            merged[f.name] = _parse(f.name, raw)
        except (TypeError, ValueError):
            raise ImproperlyConfigured(f"移送参数 {f.name} 无效：{raw!r}") from None
    params = Params(**merged)
    errors = statutory_errors(params)
    if errors:
        raise ImproperlyConfigured("移送参数不符合法定要求：" + "；".join(errors.values()))
    return params


def _parse(name: str, raw: object) -> object:
    if name == "working_days":
        return raw if isinstance(raw, bool) else str(raw).lower() in {"1", "true", "yes"}
    if name == "effective_from":
        return raw if isinstance(raw, date) else date.fromisoformat(str(raw))
    if name.endswith("_code"):
        return str(raw)
    return int(raw)


def current() -> Params:
    from django.conf import settings

    return build(getattr(settings, "FAZHI_TRANSFERS", None))

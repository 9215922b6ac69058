"""City parameters of the normative-document procedures, checked against the statute.

One deployment serves one city, so the parameters are a setting (`FAZHI_NORMATIVE`, a
dict; env `FAZHI_NORMATIVE_<NAME>` overrides one value). A city may lengthen a comment
period or shorten filing, but never go below what the national texts require
(domain/instruments.md §1.4, §1.5); a value that does raises ImproperlyConfigured with the
article, at start-up. Values without a verified source are defaults only (UNVERIFIED).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from django.core.exceptions import ImproperlyConfigured

# 国办发〔2018〕115号 (S2) is a guiding opinion in parts and items (一、二、… with
# (一)(二)… numbered through), not articles; each citation names the item verified
# against the published text (docs/decisions/0011-review-citations-credit.md).
S2 = "国办发〔2018〕115号"
S2_GOAL = f"{S2} 一(二)"  # every normative document is reviewed
S2_REVIEWER = f"{S2} 二(四)"  # who reviews
S2_REVIEW_TIME = f"{S2} 二(五)"  # the package; generally ≥ 5 and ≤ 15 working days
S2_CHECKLIST = f"{S2} 二(六)"  # the seven review items, the written opinion
S2_DUTY = f"{S2} 二(七)"  # no deliberation without a review; no substitute for it

# Statutory floors and ceilings, with their basis (shown in error messages).
MIN_COMMENT_WD = 7  # 市县法治政府建设示范指标体系（2021年版）第24项：一般不少于7个工作日
MIN_MARKET_COMMENT_CD = 30  # 《优化营商环境条例》第六十二条：一般不少于30日
MIN_REVIEW_WD, MAX_REVIEW_WD = 5, 15  # S2_REVIEW_TIME
MAX_CONFIG_DAYS = 120  # sanity cap for local values


@dataclass(frozen=True)
class Params:
    comment_days: int = 7  # working days, ≥ 7
    market_comment_days: int = 30  # calendar days, ≥ 30
    review_max_days: int = 15  # working days, 5..15
    filing_days: int = 30  # UNVERIFIED local value (§1.7: 15 or 30 days seen)
    filing_review_days: int = 30  # UNVERIFIED (S24 local example)
    correction_days: int = 30  # UNVERIFIED (S24 local example)
    validity_years: int = 5  # UNVERIFIED common local default (S22)
    provisional_validity_years: int = 2  # UNVERIFIED common local default (S22)
    expiry_warning_days: int = 180  # the 6-month evaluation window (S22)
    suggestion_reply_days: int = 30  # UNVERIFIED: working days; no national limit found


def statutory_errors(params: Params) -> dict[str, str]:
    """Field → Chinese message for every value below a statutory minimum (or above a cap)."""
    errors: dict[str, str] = {}
    if params.comment_days < MIN_COMMENT_WD:
        errors["comment_days"] = (f"征求意见期限不得少于{MIN_COMMENT_WD}个工作日"
                                  "（市县法治政府建设示范指标体系第24项）")
    if params.market_comment_days < MIN_MARKET_COMMENT_CD:
        errors["market_comment_days"] = (
            f"涉及市场主体的文件征求意见期限不得少于{MIN_MARKET_COMMENT_CD}日（《优化营商环境条例》第六十二条）")
    if not MIN_REVIEW_WD <= params.review_max_days <= MAX_REVIEW_WD:
        errors["review_max_days"] = (f"合法性审核期限应在{MIN_REVIEW_WD}至{MAX_REVIEW_WD}个工作日之间"
                                     f"（{S2_REVIEW_TIME}）")
    for name, label in (("filing_days", "报备期限"), ("filing_review_days", "备案审查期限"),
                        ("correction_days", "纠正期限"), ("suggestion_reply_days", "审查建议答复期限"),
                        ("expiry_warning_days", "到期提醒提前天数")):
        if not 1 <= getattr(params, name) <= MAX_CONFIG_DAYS * 3:
            errors[name] = f"{label}应在1至{MAX_CONFIG_DAYS * 3}日之间"
    for name, label in (("validity_years", "有效期"), ("provisional_validity_years", "暂行/试行有效期")):
        if not 1 <= getattr(params, name) <= 10:
            errors[name] = f"{label}应在1至10年之间"
    if params.provisional_validity_years > params.validity_years:
        errors["provisional_validity_years"] = "暂行/试行文件的有效期不得长于一般文件"
    return errors


def build(values: dict | None = None, environ: dict | None = None) -> Params:
    """Parameters from a settings dict and FAZHI_NORMATIVE_* variables, validated."""
    merged: dict[str, int] = {}
    environ = os.environ if environ is None else environ
    for f in fields(Params):
        raw = environ.get(f"FAZHI_NORMATIVE_{f.name.upper()}", (values or {}).get(f.name))
        if raw is None:
            continue
        try:
            merged[f.name] = int(raw)
        except (TypeError, ValueError):
            raise ImproperlyConfigured(f"规范性文件参数 {f.name} 应为整数，实际为 {raw!r}") from None
    params = Params(**merged)
    errors = statutory_errors(params)
    if errors:
        raise ImproperlyConfigured("规范性文件参数不符合法定要求：" + "；".join(errors.values()))
    return params


def current() -> Params:
    from django.conf import settings

    return build(getattr(settings, "FAZHI_NORMATIVE", None))

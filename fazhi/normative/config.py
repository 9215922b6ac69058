"""Per-city parameters of the normative-document procedure, checked against the statute.

A city may lengthen the comment period or shorten filing, but never go below what the
national texts require (domain/instruments.md §1.4, §1.5, §1.8). Values without a verified
source are defaults only (marked UNVERIFIED in docs/normative.md).
"""

from __future__ import annotations

from dataclasses import dataclass

# Statutory floors and ceilings, with their basis (shown in error messages).
MIN_COMMENT_WD = 7  # 市县法治政府建设示范指标体系（2021年版）第24项：一般不少于7个工作日
MIN_MARKET_COMMENT_CD = 30  # 《优化营商环境条例》第六十二条：一般不少于30日
MIN_REVIEW_WD, MAX_REVIEW_WD = 5, 15  # 国办发〔2018〕115号 第五条


@dataclass(frozen=True)
class Params:
    comment_days: int = 7
    market_comment_days: int = 30
    review_max_days: int = 15
    filing_days: int = 30  # UNVERIFIED local value (§1.7: 15 or 30 days seen)
    filing_review_days: int = 30  # UNVERIFIED (S24 local example)
    correction_days: int = 30  # UNVERIFIED (S24 local example)
    validity_years: int = 5  # UNVERIFIED common local default (S22)
    provisional_validity_years: int = 2  # UNVERIFIED common local default (S22)
    expiry_warning_days: int = 180  # 6 months evaluation window (S22)
    suggestion_reply_days: int = 30  # UNVERIFIED: no national limit found for 审查建议


FIELDS = tuple(Params.__dataclass_fields__)


def statutory_errors(obj: object) -> dict[str, str]:
    """Field → Chinese message for every value below a statutory minimum (or above a cap)."""
    errors: dict[str, str] = {}
    get = lambda name: getattr(obj, name)  # noqa: E731
    if get("comment_days") < MIN_COMMENT_WD:
        errors["comment_days"] = (f"征求意见期限不得少于{MIN_COMMENT_WD}个工作日"
                                  "（市县法治政府建设示范指标体系第24项）")
    if get("market_comment_days") < MIN_MARKET_COMMENT_CD:
        errors["market_comment_days"] = (f"涉及市场主体的文件征求意见期限不得少于{MIN_MARKET_COMMENT_CD}日"
                                         "（《优化营商环境条例》第六十二条）")
    if not MIN_REVIEW_WD <= get("review_max_days") <= MAX_REVIEW_WD:
        errors["review_max_days"] = (f"合法性审核期限应在{MIN_REVIEW_WD}至{MAX_REVIEW_WD}个工作日之间"
                                     "（国办发〔2018〕115号第五条）")
    for name, label in (("filing_days", "报备期限"), ("filing_review_days", "备案审查期限"),
                        ("correction_days", "纠正期限"), ("validity_years", "有效期"),
                        ("provisional_validity_years", "暂行/试行有效期"),
                        ("suggestion_reply_days", "审查建议答复期限")):
        if get(name) < 1:
            errors[name] = f"{label}必须大于0"
    if get("provisional_validity_years") > get("validity_years"):
        errors["provisional_validity_years"] = "暂行/试行文件的有效期不得长于一般文件"
    return errors


def params_for(region) -> Params:  # noqa: ANN001 - Region or None
    """The parameters configured for `region`'s city (walking up to the city), else defaults."""
    from fazhi.normative.models import NormativeConfig

    while region is not None:
        config = NormativeConfig.objects.filter(region=region).first()
        if config is not None:
            return Params(**{name: getattr(config, name) for name in FIELDS})
        region = region.parent
    return Params()

"""The limits and parameters of the simple (on-the-spot) penalty procedure (简易程序 /
当场处罚, procedures.md §3.2), declared once with their citations: `fazhi deadline --list`
shows the clocks; the thresholds are dated, cited parameters an operator overrides in its
settings, because "a specific statute may provide otherwise" (第五十一条).

Art. 85 of the Penalty Law: its 2-day limits are working days; the 15-day payment period is
calendar days. The law sets no limit for filing an on-the-spot decision with the agency (备案,
第五十二条第三款 says only "报所属行政机关备案"); the 3 working days below are the market
regulators' rule as restated, UNVERIFIED (setting `FAZHI_ENFORCEMENT_SIMPLE_FILING_WD`, read
at start-up), and the page that shows it says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.conf import settings

from fazhi.enforcement.limits import IN_FORCE, LAW, SAMR, SYSTEMS, UNVERIFIED
from fazhi.enforcement.limits import LIMITS as GENERAL
from fazhi.law.timelimits import Limit, Unit

REVIEW_LAW = "《行政复议法》"
LITIGATION_LAW = "《行政诉讼法》"
ORIGINAL_LAW = date(1996, 10, 1)  # the 1996 law: ¥50 / ¥1,000 (第三十三条)


@dataclass(frozen=True)
class Threshold:
    """The ceiling of an on-the-spot fine for one party type on one date."""

    amount: Decimal
    citation: str
    since: date
    note: str = ""

    def describe(self, party_label: str) -> str:
        return f"{party_label}{self.amount:,.0f}元以下罚款或者警告（{self.citation}，{self.since:%Y-%m-%d}起）"


# The statute's figures by date: before the 2021 revision ¥50 / ¥1,000 (some agency pages
# still show them); since 2021-07-15 ¥200 / ¥3,000.
STATUTE = (
    (ORIGINAL_LAW, {"natural": Decimal(50), "organisation": Decimal(1000)}, "《行政处罚法》（1996）第三十三条"),
    (IN_FORCE, {"natural": Decimal(200), "organisation": Decimal(3000)}, f"{LAW}第五十一条"),
)
COLLECT_SMALL = Decimal(100)  # 第六十八条第一项: fines of ¥100 or less may be collected on the spot


def threshold(party_type: str, on: date, sector: str = "") -> Threshold:
    """The ceiling in force on `on`. The operator's setting `FAZHI_ENFORCEMENT_SIMPLE_THRESHOLDS`
    ({"natural": 200, "organisation": 3000, "citation": …, "since": "YYYY-MM-DD"}, optionally
    {"sectors": {sector: {…}}}) replaces the statute's figure from its date on, for the
    sectors whose specific statute provides otherwise."""
    found = getattr(settings, "FAZHI_ENFORCEMENT_SIMPLE_THRESHOLDS", None) or {}
    override = (found.get("sectors") or {}).get(sector) or (found if party_type in found else None)
    if override and party_type in override:
        since = date.fromisoformat(str(override.get("since", IN_FORCE.isoformat())))
        if on >= since:
            return Threshold(Decimal(str(override[party_type])),
                             str(override.get("citation", f"{LAW}第五十一条（运营方设置）")), since,
                             note="运营方按特别规定设置")
    since, amounts, citation = STATUTE[0]
    for since_on, figures, cited in STATUTE:
        if on >= since_on:
            since, amounts, citation = since_on, figures, cited
    return Threshold(amounts[party_type], citation, since)


def collect_small(on: date) -> Decimal:
    """第六十八条第一项 (the same figure, ¥20, in the 1996 law's 第四十七条)."""
    found = getattr(settings, "FAZHI_ENFORCEMENT_SIMPLE_COLLECT", None)
    if found is not None:
        return Decimal(str(found))
    return COLLECT_SMALL if on >= IN_FORCE else Decimal(20)


REMEDIES = (f"当事人对本决定不服的，应当自知道该决定之日起六十日内先申请行政复议（当场作出的行政处罚决定，"
            f"复议前置，{REVIEW_LAW}第二十三条第一款第一项、第二十条第一款），可以通过作出本决定的行政机关"
            f"提交申请（{REVIEW_LAW}第三十二条）；对行政复议决定不服的，可以自收到复议决定书之日起十五日内"
            f"向人民法院提起行政诉讼（{LITIGATION_LAW}第四十五条）。复议、诉讼期间，本决定不停止执行"
            f"（{LAW}第七十三条）。")

LIMITS = {
    "filing": Limit(
        code="enforcement.simple_filing", label="当场处罚决定备案期限",
        value=int(getattr(settings, "FAZHI_ENFORCEMENT_SIMPLE_FILING_WD", 3)), unit=Unit.WD,
        trigger="当场作出行政处罚决定之日", citation=f"{LAW}第五十二条第三款；{SAMR}第六十八条（{UNVERIFIED}）",
        effective_from=IN_FORCE,
        note="行政处罚法只规定报所属行政机关备案，未规定期限；默认3个工作日为市场监管部门规定，"
             "未经核实（UNVERIFIED），运营方可按本地规定调整"),
    "payment": Limit(
        code="enforcement.simple_payment", label="缴纳罚款期限（当场处罚）", value=15, unit=Unit.CD,
        trigger="收到当场处罚决定书之日", citation=f"{LAW}第六十七条第三款",
        effective_from=IN_FORCE, party="当事人", note="当场收缴的除外（第六十八条、第六十九条）"),
    "cash_handover": Limit(
        code="enforcement.simple_cash_handover", label="当场收缴罚款交至行政机关期限", value=2,
        unit=Unit.WD, trigger="当场收缴罚款之日（在水上当场收缴的，自抵岸之日）",
        citation=f"{LAW}第七十一条", effective_from=IN_FORCE),
    "bank_deposit": Limit(
        code="enforcement.simple_bank_deposit", label="当场收缴罚款缴付指定银行期限", value=2,
        unit=Unit.WD, trigger="行政机关收到执法人员交来的罚款之日", citation=f"{LAW}第七十一条",
        effective_from=IN_FORCE),
    "publicity": Limit(
        code="enforcement.simple_publicity", label="当场处罚决定公示期限", value=7, unit=Unit.WD,
        trigger="作出处罚决定之日", citation=f"{SYSTEMS}；{LAW}第四十八条", effective_from=IN_FORCE,
        note="与普通程序相同：行政处罚决定自作出之日起7个工作日内公开（见ADR 0037）"),
    # a sector mapped to its own limit (config.publicity_limit) has it on the spot too
    "publicity_samr": replace(GENERAL["publicity_samr"], code="enforcement.simple_publicity_samr",
                              label="当场处罚决定公示期限（市场监管部门）"),
}

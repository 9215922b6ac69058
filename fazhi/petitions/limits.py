"""The time limits of petitions (信访), declared once with their citations
(domain/procedures.md §5.1): `fazhi deadline --list` shows them all.

《信访工作条例》 (in force 2022-05-01): days are calendar days except the receiving body's
objection (5个工作日, 第二十三条第三款). Provincial 信访条例 may be stricter (Zhejiang: acceptance
within 5 WD, handling within 30 days); such local rules load as limit versions of the same
code with their own `jurisdiction` and `effective_from` (fazhi.law.timelimits.register).
"""

from dataclasses import replace
from datetime import date

from fazhi.law.timelimits import Extension, Limit, Unit

LAW = "《信访工作条例》"
IN_FORCE = date(2022, 5, 1)
PETITIONER = "信访人"

LIMITS = {
    "accept": Limit(
        code="petition.accept", label="信访事项登记、转送交办期限", value=15, unit=Unit.CD,
        trigger="收到信访事项之日", citation=f"{LAW}第二十二条、第二十三条", effective_from=IN_FORCE,
        note="信访部门收到信访事项，应当予以登记，并在15日内转送、交办有权处理的机关、单位；"
             "其他机关、单位直接收到的，能够当场告知的当场书面告知，不能当场告知的15日内书面告知"),
    "receive": Limit(
        code="petition.receive", label="转送交办事项受理告知期限", value=15, unit=Unit.CD,
        trigger="收到转送、交办的信访事项之日", citation=f"{LAW}第二十三条第三款",
        effective_from=IN_FORCE, note="属于本机关、单位职权范围的，自收到之日起15日内书面告知信访人"),
    "objection": Limit(
        code="petition.objection", label="转送交办异议期限", value=5, unit=Unit.WD,
        trigger="收到转送、交办的信访事项之日", citation=f"{LAW}第二十三条第三款",
        effective_from=IN_FORCE, note="不属于本机关、单位职权范围的，应当自收到之日起5个工作日内提出异议，并详细说明理由"),
    "handle": Limit(
        code="petition.handle", label="信访事项办理期限", value=60, unit=Unit.CD,
        trigger="受理之日", citation=f"{LAW}第三十二条、第三十四条", effective_from=IN_FORCE,
        extension=Extension(30, Unit.CD, "本机关、单位负责人", f"{LAW}第三十二条、第三十四条"),
        note="情况复杂的，经本机关、单位负责人批准可以适当延长，延长不超过30日，并告知信访人延期理由"),
    "review_request": Limit(
        code="petition.review_request", label="请求复查期限", value=30, unit=Unit.CD,
        trigger="收到书面答复（处理意见书）之日", citation=f"{LAW}第三十五条", effective_from=IN_FORCE,
        party=PETITIONER, note="向原办理机关、单位的上一级机关、单位请求复查"),
    "review": Limit(
        code="petition.review", label="复查期限", value=30, unit=Unit.CD,
        trigger="收到复查请求之日", citation=f"{LAW}第三十五条", effective_from=IN_FORCE,
        note="收到复查请求的机关、单位应当自收到之日起30日内提出复查意见，并予以书面答复"),
    "rereview_request": Limit(
        code="petition.rereview_request", label="请求复核期限", value=30, unit=Unit.CD,
        trigger="收到书面复查意见之日", citation=f"{LAW}第三十六条第一款", effective_from=IN_FORCE,
        party=PETITIONER, note="向复查机关、单位的上一级机关、单位请求复核"),
    "rereview": Limit(
        code="petition.rereview", label="复核期限", value=30, unit=Unit.CD,
        trigger="收到复核请求之日", citation=f"{LAW}第三十六条", effective_from=IN_FORCE,
        stops=frozenset({"听证"}),
        note="复核机关、单位举行听证的，听证所需时间不计算在期限内；复核意见为终结意见"),
}
# Days before the 15- and 60-day marks at which the office and the handling body are alerted
# (第四十四条: failing to tell the petitioner in time, or to finish on time, is accountable)
ALERT_DAYS = {"accept": 3, "handle": 10}


def overridden(limits: dict[str, Limit], local: dict[str, dict]) -> dict[str, Limit]:
    """The limits with a province's stricter rules in place of the national ones (domain §5:
    e.g. Zhejiang, acceptance decided within 5 WD and handling within 30 days). `local` maps
    a key of LIMITS to {"value", "unit" ("working_day"/"calendar_day"), "citation",
    "jurisdiction", optional "extension" (days) and "effective_from" (ISO date, not before
    the national rule)}. The code stays the same, so clocks, `fazhi deadline` and the
    indicators read the local figure; the citation names the local rule."""
    found = dict(limits)
    for key, rule in local.items():
        base = limits[key]  # KeyError: an unknown limit is a configuration error
        start = max(base.effective_from, date.fromisoformat(rule.get("effective_from",
                                                                     base.effective_from.isoformat())))
        extension = base.extension
        if "extension" in rule:
            extension = (Extension(int(rule["extension"]), base.extension.unit,
                                   base.extension.approver, rule["citation"])
                         if rule["extension"] and base.extension else None)
        found[key] = replace(base, value=int(rule["value"]), unit=Unit(rule.get("unit", base.unit)),
                             citation=rule["citation"], jurisdiction=rule["jurisdiction"],
                             effective_from=start, extension=extension,
                             note=f"地方规定；全国规定为{base.unit.amount(base.value)}（{base.citation}）")
    return found

"""The time limits of consumer complaints and reports (消费维权), declared once with their
citations (domain/addendum-2026-12.md §B): `fazhi deadline --list` shows them all.

《市场监督管理投诉举报处理暂行办法》 (SAMR Order No. 20, 2019; amended 2022): acceptance within
7 working days of receipt (第十四条), mediation ended when no agreement is reached within
45 working days of acceptance and both parties told within 7 working days of the decision to
end it (第二十一条). The domain file gives these articles as restated, not checked against the
published text: each is a dated, UNVERIFIED parameter the operator may change with the
setting `FAZHI_COMPLAINT_LIMITS` ({"accept": 7, "mediate": 45, "notify_end": 7}, read at
start-up). A report (举报) is a lead: 《市场监督管理行政处罚程序规定》第十八条 gives 15 working days
to verify it and decide whether to open a case, extended by 15 with the head's approval.
"""

from datetime import date

from django.conf import settings

from fazhi.law.timelimits import Extension, Limit, Unit

LAW = "《市场监督管理投诉举报处理暂行办法》"
SAMR = "《市场监督管理行政处罚程序规定》"
IN_FORCE = date(2020, 1, 1)  # the 2019 measures took effect on 2020-01-01
PROCEDURE_IN_FORCE = date(2021, 7, 15)  # the penalty procedure rules (SAMR Order 42; amended 2022)
UNVERIFIED = "条号据领域文件转述，未经核实（UNVERIFIED，2026-12-06 设定），运营方可按本地规定调整"
COMPLAINANT = "投诉人"

_DEFAULTS = {"accept": 7, "mediate": 45, "notify_end": 7}


def days(key: str) -> int:
    """The operator's figure for one of the restated limits, else the default."""
    local = getattr(settings, "FAZHI_COMPLAINT_LIMITS", {}) or {}
    return int(local.get(key, _DEFAULTS[key]))


LIMITS = {
    "accept": Limit(
        code="complaint.accept", label="投诉受理决定期限", value=days("accept"), unit=Unit.WD,
        trigger="收到投诉之日", citation=f"{LAW}第十四条（{UNVERIFIED}）", effective_from=IN_FORCE,
        note="市场监督管理部门应当自收到投诉之日起七个工作日内作出受理或者不予受理的决定，并告知投诉人"),
    "mediate": Limit(
        code="complaint.mediate", label="投诉调解期限", value=days("mediate"), unit=Unit.WD,
        trigger="受理投诉之日", citation=f"{LAW}第二十一条（{UNVERIFIED}）", effective_from=IN_FORCE,
        note="自投诉受理之日起四十五个工作日内投诉人和被投诉人未能达成调解协议的，终止调解"),
    "notify_end": Limit(
        code="complaint.notify_end", label="终止调解告知期限", value=days("notify_end"), unit=Unit.WD,
        trigger="作出终止调解决定之日", citation=f"{LAW}第二十一条（{UNVERIFIED}）",
        effective_from=IN_FORCE,
        note="终止调解的，市场监督管理部门应当自作出终止调解决定之日起七个工作日内告知投诉人和被投诉人"),
}

REPORT_LIMITS = {
    "verify": Limit(
        code="complaint.report_verify", label="举报核查、决定是否立案期限", value=15, unit=Unit.WD,
        trigger="收到举报材料之日", citation=f"{SAMR}第十八条", effective_from=PROCEDURE_IN_FORCE,
        extension=Extension(15, Unit.WD, "市场监督管理部门负责人", f"{SAMR}第十八条"),
        note="对通过投诉、举报等途径发现的违法行为线索，应当自发现线索或者收到材料之日起十五个工作日内"
             "予以核查，由市场监督管理部门负责人决定是否立案；特殊情况下，经负责人批准，可以延长十五个工作日"
             f"（{LAW}第三十一条：举报按照行政处罚等有关规定处理）"),
}

REPEAT_MONTHS = 12  # the repeat-complaint window shown to staff and to the credit view

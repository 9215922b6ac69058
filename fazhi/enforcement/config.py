"""Operator parameters of the penalty procedure: numbers the law leaves to provinces and
sectors, marked UNVERIFIED in procedures.md. Each is a dated, cited default that a
deployment overrides in its settings; the pages that use one say so."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings


@dataclass(frozen=True)
class Param:
    value: object
    citation: str
    since: date
    note: str = "默认值，未经核实（UNVERIFIED），运营方可在设置中调整"


def hearing_thresholds() -> dict[str, Decimal]:
    """Fines from which a hearing may be requested (较大数额罚款, 《行政处罚法》第六十三条第一款
    第一项): set by provinces and sectors; the default is a local example (个人5000元、单位10万元)."""
    found = getattr(settings, "FAZHI_ENFORCEMENT_HEARING_FINES", None) or {}
    return {"natural": Decimal(str(found.get("natural", 5000))),
            "organisation": Decimal(str(found.get("organisation", 100000)))}


HEARING_FINES = Param(hearing_thresholds, "《行政处罚法》第六十三条第一款第一项（数额由省级和行业规定）",
                      date(2021, 7, 15))


def publicity_limit(sector: str) -> str:
    """The publicity limit key of a sector: 7 WD (国办发〔2018〕118号) unless the operator maps
    the sector to a sector limit (e.g. 市场监管 → publicity_samr, 20 WD)."""
    mapping = getattr(settings, "FAZHI_ENFORCEMENT_PUBLICITY_BY_SECTOR", None) or {}
    return mapping.get(sector, "publicity")


# -- full-process records (procedures.md §4.2) ----------------------------------------------
# Steps of a penalty case a record may belong to; the audio/video list names some of them.
RECORD_STEPS = {
    "initiate": "立案", "inquiry": "询问", "inspection": "现场检查", "sampling": "抽样取证",
    "investigation": "其他调查取证", "preserve": "先行登记保存证据", "seize": "查封、扣押",
    "release": "解除登记保存", "hearing": "听证", "notify": "送达事先告知书", "serve": "送达处罚决定书",
    "enforce": "催告及强制执行", "other": "其他",
}
AV_STEPS = Param(
    ("preserve", "seize", "inspection"),
    "国办发〔2018〕118号（查封扣押财产等直接涉及重大财产权益的现场执法活动全程音像记录；"
    "现场检查、证据保全等容易引发争议的环节根据实际情况进行音像记录）；《行政处罚法》第四十七条",
    date(2018, 12, 5),
    "默认清单未经核实（UNVERIFIED）：各机关应制定本机关的音像记录事项清单，运营方可在管理后台调整")
RETENTION_DEFAULT = Param(
    "30y", "国办发〔2018〕118号未规定全国统一的保存期限，按档案管理规定归档",
    date(2018, 12, 5), "默认保存期限未经核实（UNVERIFIED），各机关可按本地档案规定调整")


def record_policy(agency_id: int, on: date) -> tuple[tuple[str, ...], str, str, bool]:
    """The agency's audio/video list in force on `on`: (steps, retention, citation, default?)."""
    from fazhi.enforcement.models import RecordPolicy

    found = (RecordPolicy.objects.filter(agency_id=agency_id, effective_from__lte=on)
             .order_by("-effective_from", "-id").first())
    if found is None:
        return tuple(AV_STEPS.value), str(RETENTION_DEFAULT.value), AV_STEPS.citation, True
    return tuple(found.av_steps), found.retention, found.citation, False

"""The formal documents of a penalty case (fazhi.cases.documents): 立案审批表, 行政处罚事先告知书,
听证通知书, 行政处罚决定书. Each sets out what its transition recorded; the figures of limits
come from the procedure's declared limits; articles are those of 《行政处罚法》 (2021)."""

from datetime import date

from fazhi.cases import procedure as registry
from fazhi.cases.documents import DocumentTemplate
from fazhi.cases.models import Case
from fazhi.enforcement import models as m

PATTERN = "{agency}罚〔{year}〕{seq}号"


def _day(value: str | date | None) -> str:
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return f"{day.year}年{day.month}月{day.day}日"


def _limit(case: Case, key: str):  # noqa: ANN202 - a timelimits.Limit
    return registry.get(case.procedure, case.procedure_version).limit(key)


def _penalty(fine: str | None, kinds: list[str]) -> str:
    parts = [m.KINDS.get(k, k) for k in kinds if k != "fine"]
    if fine:
        parts.append(f"罚款人民币{fine}元")
    return "、".join(parts) or "无"


def opening_body(case: Case, data: dict) -> list[str]:
    p = case.penalty
    return [f"当事人：{p.party_name}（{p.party_id}）。",
            f"案件来源：{dict(m.SOURCES).get(p.source, p.source)}；线索发现日期：{_day(case.received_on)}。",
            f"涉嫌违法行为：{p.violation}（发生日期{_day(p.act_date)}）；依据：{p.legal_basis}。",
            "经核查，有证据初步证明当事人涉嫌违法，依据《行政处罚法》第五十四条第二款，予以立案。"
            "追责时效已核对（《行政处罚法》第三十六条）。",
            f"立案意见：{data.get('note') or '同意立案'}。"]


def notice_body(case: Case, data: dict) -> list[str]:
    p = case.penalty
    hearing = _limit(case, "hearing_request")
    lines = [f"{p.party_name}：",
             f"经调查，你（单位）{p.violation}，违反了{p.legal_basis}的规定。",
             f"本机关拟对你（单位）作出如下行政处罚：{_penalty(str(p.proposed_fine) if p.proposed_fine else None, p.proposed_kinds)}。",
             "根据《行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩；"
             "行政机关不得因当事人陈述、申辩而给予更重的处罚。"]
    if data.get("hearing_eligible"):
        lines.append(f"根据{hearing.citation}的规定，你（单位）有权在收到本告知书之日起"
                     f"{hearing.unit.amount(hearing.value)}内要求听证；逾期未提出的，视为放弃。")
    return lines


def hearing_body(case: Case, data: dict) -> list[str]:
    p = case.penalty
    return [f"{p.party_name}：",
            f"根据你（单位）的申请，本机关定于{_day(data.get('hearing_on'))}举行听证，"
            f"由{data.get('presiding', '')}主持（非本案调查人员，《行政处罚法》第六十四条第四项）。",
            "听证" + ("公开举行。" if data.get("public", True) else "依法不公开举行。"),
            "你（单位）可以亲自参加听证，也可以委托一至二人代理；无正当理由拒不出席或者未经许可"
            "中途退出的，视为放弃听证权利（《行政处罚法》第六十四条）。当事人不承担听证费用。"]


def decision_body(case: Case, data: dict) -> list[str]:
    p = case.penalty
    pay = _limit(case, "payment")
    lines = [f"当事人：{p.party_name}（{p.party_id}）。",
             f"违法事实、证据及处罚理由：{data.get('reasons', '')}",
             f"以上行为违反了{p.legal_basis}的规定。"]
    if data.get("tier"):
        lines.append(f"适用行政处罚裁量基准：{data.get('benchmark_version', '')}版“{data['tier']}”档。")
    if data.get("deviation"):
        lines.append(f"偏离裁量基准的情况及理由：{data['deviation']}；{p.deviation_reasons}")
    if data.get("hearing_record"):
        lines.append(f"本决定依据听证笔录（{data['hearing_record']}）作出（《行政处罚法》第六十五条）。")
    lines.append(f"本机关决定对你（单位）作出如下行政处罚：{_penalty(data.get('fine'), data.get('kinds', []))}。")
    if data.get("fine"):
        lines.append(f"请于收到本决定书之日起{pay.unit.amount(pay.value)}内到指定银行或者通过电子支付系统"
                     f"缴纳罚款（{pay.citation}）。到期不缴纳的，每日按罚款数额的百分之三加处罚款，"
                     "加处罚款的数额不超出罚款的数额（《行政处罚法》第七十二条）。")
    lines.append("如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，或者在六个月内依法"
                 "提起行政诉讼。")
    return lines


TEMPLATES = (
    DocumentTemplate("opening_form", "立案审批表", "initiate", opening_body, pattern=PATTERN),
    DocumentTemplate("advance_notice", "行政处罚事先告知书", "notify", notice_body, pattern=PATTERN),
    DocumentTemplate("hearing_notice", "听证通知书", "schedule_hearing", hearing_body,
                     pattern=PATTERN),
    DocumentTemplate("decision", "行政处罚决定书", "decide", decision_body, pattern=PATTERN),
)

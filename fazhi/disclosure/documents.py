"""The formal documents of a disclosure request, from templates (fazhi.cases.documents).

Each sets out what its transition recorded; articles are those of 政府信息公开条例 (2019).
Numbered per agency and year in one series ("disclosure"), e.g. 厦司法公开〔2026〕12号
when the agency sets that pattern (default: 市司法局公开〔2026〕12号).
"""

from datetime import date

from fazhi.cases import procedure as registry
from fazhi.cases.documents import DocumentTemplate
from fazhi.cases.models import Case
from fazhi.disclosure.answers import ANSWERS, WITHHOLD_GROUNDS
from fazhi.disclosure.fees import BASES, CITATION

PATTERN = "{agency}公开〔{year}〕{seq}号"


def _day(value: str | None) -> str:
    if not value:
        return ""
    day = date.fromisoformat(value)
    return f"{day.year}年{day.month}月{day.day}日"


def _request(case: Case) -> str:
    """"本机关于2026年3月2日收到您提出的关于“…”的政府信息公开申请" """
    description = case.disclosure.description
    short = description if len(description) <= 60 else description[:60] + "……"
    return (f"本机关于{_day(case.received_on.isoformat())}收到您提出的关于“{short}”的"
            "政府信息公开申请")


def correction_body(case: Case, data: dict) -> list[str]:
    lines = [f"{_request(case)}。经审查，您的申请内容不明确。根据《政府信息公开条例》第三十条的"
             "规定，现一次性告知您需要补正的事项如下：", data.get("defects", "")]
    if data.get("guidance"):
        lines.append(f"指导和释明：{data['guidance']}")
    lines.append(f"请您于{_day(data.get('correction_due'))}前作出补正。答复期限自本机关收到补正的"
                 "申请之日起计算；无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息"
                 "公开申请。")
    return lines


def _limit(case: Case, key: str):
    """The case's procedure's declared limit (the figures a document states come from it)."""
    return registry.get(case.procedure, case.procedure_version).limit(key)


def extension_body(case: Case, data: dict) -> list[str]:
    reply = _limit(case, "reply")
    ext = reply.extension
    return [f"{_request(case)}。因{data.get('reason', '')}，不能在收到申请之日起"
            f"{reply.unit.amount(reply.value)}内作出答复。根据{ext.citation}的规定，经本机关"
            f"{ext.approver}同意（{_day(data.get('approved_on'))}），答复期限延长"
            f"{ext.unit.amount(ext.value)}，特此告知。"]


def _ground(data: dict) -> str:
    answer = ANSWERS[data["answer_type"]]
    label = answer.grounds.get(data.get("ground", ""), ("", ""))[0] \
        or WITHHOLD_GROUNDS.get(data.get("ground", ""), ("", ""))[0]
    return f"（{label}）" if label else ""


def reply_body(case: Case, data: dict) -> list[str]:
    """The reply for its answer type (第三十六条 to 第三十九条): what was decided, on which
    article and ground, the reply's text, and the remedy notice."""
    answer = ANSWERS[data["answer_type"]]
    lines = [f"{_request(case)}。经审查，现答复如下：",
             f"答复类型：{answer.label}{_ground(data)}，依据《政府信息公开条例》{answer.article}。",
             data.get("text", "")]
    if data.get("responsible_agency"):
        lines.append(f"负责公开该政府信息的机关：{data['responsible_agency']}。")
    if data.get("remedy"):
        lines.append(data["remedy"])
    return lines


def fee_body(case: Case, data: dict) -> list[str]:
    pay = _limit(case, "fee_payment")
    basis = BASES.get(data.get("basis", ""), data.get("basis", ""))
    lines = [f"{_request(case)}。根据《政府信息公开条例》第四十二条和《政府信息公开信息处理费"
             f"管理办法》（{CITATION}）的规定，您的申请需缴纳信息处理费。",
             f"收费方式：{basis}；本申请件数或页数：{data.get('quantity', '')}。"]
    if data.get("prior_items") is not None:
        lines.append(f"您本月此前已提出的申请件数：{data['prior_items']}。")
    lines += [f"应缴金额：人民币{data.get('amount', '')}元。",
              f"请您自收到本通知之日起{pay.unit.amount(pay.value)}内缴纳；逾期未缴纳的，视为放弃"
              "申请，本机关不再处理该政府信息公开申请。"]
    return lines


TEMPLATES = (
    DocumentTemplate("correction_notice", "补正告知书", "request_correction", correction_body,
                     pattern=PATTERN),
    # approved by the disclosure office's head (第三十三条第二款), written by the handler
    DocumentTemplate("extension_notice", "延期答复告知书", "extend", extension_body,
                     pattern=PATTERN, roles=frozenset({"handler", "gio_head"})),
    DocumentTemplate("reply", "政府信息公开申请答复书", "reply", reply_body, pattern=PATTERN),
    DocumentTemplate("fee_notice", "收费通知书", "fee_notice", fee_body, pattern=PATTERN),
)

"""Statutory answer types of a disclosure reply (条例 Arts. 35–39, 30; 109号) and where each
is counted in part 3 of the annual report (国办公开办函〔2021〕30号).

Mappings marked UNVERIFIED in domain/procedures.md §1.5 (A1, A5, A7) are configurable
defaults: see docs/decisions/0005-disclosure-answer-mapping.md.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerType:
    code: str
    label: str
    article: str
    content: str  # what the reply must contain (shown to the handler)
    grounds: dict[str, tuple[str, str]]  # ground code -> (label, report row)
    row: str = ""  # report row when there are no grounds
    refusal: bool = False  # a refusal to disclose: reconsideration first (复议前置)


WITHHOLD_GROUNDS = {
    "state_secret": ("属于国家秘密", "3.3.1"),
    "law_forbids": ("其他法律行政法规禁止公开", "3.3.2"),
    "security_stability": ("危及“三安全一稳定”", "3.3.3"),
    "third_party": ("保护第三方合法权益", "3.3.4"),
    "internal_affairs": ("属于三类内部事务信息", "3.3.5"),
    "process_info": ("属于四类过程性信息", "3.3.6"),
    "enforcement_file": ("属于行政执法案卷", "3.3.7"),
    "query_matter": ("属于行政查询事项", "3.3.8"),
}

ANSWERS: dict[str, AnswerType] = {a.code: a for a in [
    AnswerType("A1", "已主动公开", "第三十六条第（一）项",
               "告知获取该政府信息的方式、途径", {}, row="3.1"),
    AnswerType("A2", "予以公开", "第三十六条第（二）项",
               "向申请人提供该政府信息，或者告知获取的方式、途径和时间", {}, row="3.1"),
    AnswerType("A3", "不予公开", "第三十六条第（三）项",
               "告知不予公开并说明理由", WITHHOLD_GROUNDS, refusal=True),
    AnswerType("A4", "无法提供", "第三十六条第（四）项",
               "告知该政府信息不存在", {
                   "not_held": ("本机关不掌握相关政府信息", "3.4.1"),
                   "unclear_after_correction": ("补正后申请内容仍不明确", "3.4.3"),
               }),
    AnswerType("A5", "不属于本机关负责公开", "第三十六条第（五）项",
               "告知申请人并说明理由；能够确定负责公开的行政机关的，告知其名称、联系方式",
               {}, row="3.4.1"),
    AnswerType("A6", "重复申请，不予重复处理", "第三十六条第（六）项",
               "告知申请人不予重复处理", {
                   "repeat": ("重复申请", "3.5.2"),
                   "confirm": ("要求行政机关确认或重新出具已获取信息", "3.5.5"),
               }),
    AnswerType("A7", "按照有关法律、行政法规办理", "第三十六条第（七）项",
               "告知申请人依照有关法律、行政法规的规定办理", {}, row="3.6.3"),
    AnswerType("A8", "部分公开", "第三十七条",
               "提供可以公开的部分，并对不予公开的部分说明理由", WITHHOLD_GROUNDS,
               refusal=True),
    AnswerType("A9", "需另行加工、分析，不予提供", "第三十八条",
               "告知申请人需要对现有政府信息加工、分析，可以不予提供", {}, row="3.4.2"),
    AnswerType("A10", "属于信访、投诉、举报", "第三十九条第一款",
               "告知申请人不作为政府信息公开申请处理，并可以告知通过相应渠道提出", {},
               row="3.5.1"),
    AnswerType("A11", "要求提供公开出版物", "第三十九条第二款",
               "可以告知获取的途径", {}, row="3.5.3"),
    AnswerType("A12", "无正当理由大量反复申请", "第三十五条",
               "告知申请人不予处理", {}, row="3.5.4"),
]}

# Closing without a reply (条例第三十条, 109号) and withdrawals.
LAPSE_ROWS = {"no_correction": "3.6.1", "fee_unpaid": "3.6.2", "withdrawn": "3.6.3"}


def report_row(outcome: str, ground: str = "") -> str:
    """The part-3 row that a closed request counts in (a partly disclosed one only in 3.2)."""
    if outcome == "A8":
        return "3.2"
    if outcome in LAPSE_ROWS:
        return LAPSE_ROWS[outcome]
    answer = ANSWERS[outcome]
    if answer.grounds:
        return answer.grounds[ground][1]
    return answer.row

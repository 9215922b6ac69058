"""The procedure's time limits, built from the city's parameters (fazhi.transfers.config)."""

from fazhi.law.timelimits import Limit, Unit
from fazhi.transfers import config

PARAMS = config.current()
UNIT = Unit.WD if PARAMS.working_days else Unit.CD
SINCE = PARAMS.effective_from
UNVERIFIED_UNIT = "“日”按自然日计算（未经核实，可由运营方改为工作日）"


def _limit(key: str, label: str, value: int, trigger: str, citation: str, note: str = "",
           party: str = "") -> Limit:
    return Limit(code=f"transfers.{key}", label=label, value=value, unit=UNIT, trigger=trigger,
                 citation=citation, effective_from=SINCE, party=party,
                 note="；".join(n for n in (note, UNVERIFIED_UNIT) if n))


LIMITS = {
    "head": _limit("head", "负责人审批移送期限", PARAMS.head_days, "接到移送涉嫌犯罪案件书面报告之日",
                   config.ART_DECIDE, "不批准的，不予批准的理由记录在案"),
    "transfer": _limit("transfer", "批准后移送期限", PARAMS.transfer_days, "批准移送之日",
                       config.ART_DECIDE, "法定为批准后24小时内，按批准次日届满计算"),
    "police": _limit("police", "公安机关立案审查期限", PARAMS.police_days, "接受移送之日",
                     config.ART_POLICE, "复杂案件可否延长未经核实（UNVERIFIED）"),
    "reconsider_request": _limit("reconsider_request", "提请复议期限", PARAMS.reconsider_request_days,
                                 "接到不予立案通知书之日", config.ART_RECONSIDER,
                                 "移送机关可以提请复议，也可以建议人民检察院立案监督",
                                 party="移送机关"),
    "reconsideration": _limit("reconsideration", "公安机关复议决定期限",
                              PARAMS.reconsideration_days, "收到提请复议文件之日",
                              config.ART_RECONSIDER, "条款项序号未经核实（UNVERIFIED）"),
    "supervision_request": _limit("supervision_request", "建议立案监督期限",
                                  PARAMS.supervision_request_days, "收到复议决定通知书之日",
                                  config.ART_RECONSIDER, party="移送机关"),
    "handover": _limit("handover", "移交涉案物品期限", PARAMS.handover_days, "接到立案通知书之日",
                       config.ART_HANDOVER, "法律、行政法规另有规定的，依照其规定"),
}

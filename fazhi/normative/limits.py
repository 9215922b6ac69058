"""The time limits of the normative-document procedures, with the city's parameters
(fazhi.normative.config): declared once here, used by the procedures and their effects."""

from datetime import date

from fazhi.law.timelimits import Limit, Unit
from fazhi.normative import config
from fazhi.normative import models as m

PARAMS = config.current()
LOCAL = "本市规范性文件管理规定（本地参数，未经核实）"
SINCE = date(2019, 1, 1)

LIMITS = {
    "comment": Limit(
        code="normative.comment", label="征求意见期限", value=PARAMS.comment_days, unit=Unit.WD,
        trigger="公开征求意见之日", citation="市县法治政府建设示范指标体系（2021年版）第24项",
        effective_from=SINCE, note="一般不少于7个工作日"),
    "market_comment": Limit(
        code="normative.market_comment", label="涉企文件征求意见期限",
        value=PARAMS.market_comment_days, unit=Unit.CD, trigger="公开征求意见之日",
        citation="《优化营商环境条例》第六十二条", effective_from=date(2020, 1, 1),
        note="与市场主体生产经营活动密切相关的，一般不少于30日"),
    "publication": Limit(
        code="normative.publication", label="公开期限", value=20, unit=Unit.WD,
        trigger="文件签发之日", citation="《政府信息公开条例》第二十六条",
        effective_from=date(2019, 5, 15)),
    "filing": Limit(
        code=m.FILING_CLOCK, label="报备期限", value=PARAMS.filing_days, unit=Unit.CD,
        trigger="文件公布之日", citation=LOCAL, effective_from=SINCE,
        note="各地规定不一（15日、30日、3个工作日均有），以本市规定为准"),
}
REVIEW_LIMITS = {
    "review": Limit(
        code="normative.review", label="合法性审核期限", value=PARAMS.review_max_days, unit=Unit.WD,
        trigger="收到送审材料之日", citation=config.S2_REVIEW_TIME, effective_from=SINCE,
        note="一般不少于5个工作日、最长不超过15个工作日；紧急情形除外"),
    "review_min": Limit(
        code="normative.review_min", label="合法性审核最短时间", value=config.MIN_REVIEW_WD,
        unit=Unit.WD, trigger="收到送审材料之日", citation=config.S2_REVIEW_TIME, effective_from=SINCE,
        note="保障审核人员的审核时间：早于此日出具意见的，予以记录提示，不予拒绝"),
}
FILING_LIMITS = {
    "filing_review": Limit(
        code="normative.filing_review", label="备案审查期限", value=PARAMS.filing_review_days,
        unit=Unit.CD, trigger="登记接收备案之日", citation=LOCAL, effective_from=SINCE),
    "correction": Limit(
        code=m.CORRECTION_CLOCK, label="自行纠正期限", value=PARAMS.correction_days,
        unit=Unit.CD, trigger="收到纠正要求之日", citation=LOCAL, effective_from=SINCE),
}
SUGGESTION_LIMITS = {
    "reply": Limit(
        code="normative.suggestion_reply", label="审查建议答复期限",
        value=PARAMS.suggestion_reply_days, unit=Unit.WD, trigger="收到审查建议之日",
        citation="本市审查建议处理规定（默认值，未经核实）", effective_from=SINCE),
}

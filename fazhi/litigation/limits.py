"""The time limits of litigation response (行政应诉), declared once with their citations:
`fazhi deadline --list` shows them all.

《行政诉讼法》 (2017): its periods are calendar days computed under the Civil Procedure Law's
rules on periods (第一百零一条). The reply to a judicial suggestion (司法建议) has no statutory
limit in the sources at hand: it is a dated, UNVERIFIED parameter the operator may change.
"""

from datetime import date

from fazhi.law.timelimits import Limit, Unit

LAW = "《行政诉讼法》"
IN_FORCE = date(2017, 7, 1)  # the 2017 amendment
UNVERIFIED = "未经核实（UNVERIFIED，2026-12-06 设定），运营方可按本地规定调整"
SUGGESTION_DAYS = 60  # UNVERIFIED: no source at hand gives the reply limit of a 司法建议

LIMITS = {
    "defence": Limit(
        code="litigation.defence", label="被告提交答辩状和证据期限", value=15, unit=Unit.CD,
        trigger="收到起诉状副本之日", citation=f"{LAW}第六十七条第一款", effective_from=IN_FORCE,
        note="被告应当提交作出行政行为的证据和所依据的规范性文件，并提出答辩状；"
             "无正当理由逾期提供证据的，视为没有相应证据（第三十四条第二款）"),
    "appeal_judgment": Limit(
        code="litigation.appeal_judgment", label="不服第一审判决的上诉期限", value=15,
        unit=Unit.CD, trigger="判决书送达之日", citation=f"{LAW}第八十五条",
        effective_from=IN_FORCE, note="逾期不提起上诉的，第一审判决发生法律效力"),
    "appeal_ruling": Limit(
        code="litigation.appeal_ruling", label="不服第一审裁定的上诉期限", value=10,
        unit=Unit.CD, trigger="裁定书送达之日", citation=f"{LAW}第八十五条",
        effective_from=IN_FORCE, note="逾期不提起上诉的，第一审裁定发生法律效力"),
    "suggestion": Limit(
        code="litigation.suggestion", label="司法建议回复期限", value=SUGGESTION_DAYS,
        unit=Unit.CD, trigger="收到司法建议书之日",
        citation="司法建议书载明的回复期限；" + UNVERIFIED, effective_from=IN_FORCE,
        note="接受司法建议的机关根据有关规定进行处理，并将处理情况告知人民法院"
             f"（{LAW}第九十六条第四项）；回复期限以司法建议书载明的为准"),
}

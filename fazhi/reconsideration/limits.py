"""The time limits of administrative reconsideration (《行政复议法》, revised 2023, in force
2024-01-01), declared once with their citations (procedures.md §2): `fazhi deadline --list`
shows them all.

第八十八条: the 3-, 5-, 7- and 10-day limits of the law are working days; the others (60 and
30 days, one, five and twenty years) are calendar days counted under the Civil Procedure
Law's rules on periods.
"""

from datetime import date

from fazhi.law.timelimits import Extension, Limit, Unit

LAW = "《行政复议法》"
IN_FORCE = date(2024, 1, 1)  # 第九十条
UNVERIFIED = "未经核实（UNVERIFIED，2026-12-06 按 domain/procedures.md §2 设定），运营方可按本地规定调整"

LIMITS = {
    "apply": Limit(
        code="reconsideration.apply", label="申请行政复议期限", value=60, unit=Unit.CD,
        trigger="知道或者应当知道行政行为之日", citation=f"{LAW}第二十条第一款",
        effective_from=IN_FORCE, party="申请人",
        note="法律规定的申请期限超过六十日的除外；因不可抗力或者其他正当理由耽误的，"
             "自障碍消除之日起继续计算（第二十条第二款）"),
    "apply_untold": Limit(
        code="reconsideration.apply_untold", label="未告知申请权利、期限时的申请期限上限",
        value=1, unit=Unit.YEAR, trigger="知道或者应当知道行政行为内容之日",
        citation=f"{LAW}第二十条第三款", effective_from=IN_FORCE, party="申请人",
        note="行政机关未告知申请行政复议的权利、复议机关和期限的，申请期限自知道或者应当知道"
             "上述内容之日起计算，但自知道或者应当知道行政行为内容之日起最长不得超过一年"),
    "bar": Limit(
        code="reconsideration.bar", label="申请行政复议最长期限", value=5, unit=Unit.YEAR,
        trigger="行政行为作出之日", citation=f"{LAW}第二十一条", effective_from=IN_FORCE,
        party="申请人", note="因不动产提出的行政复议申请自行政行为作出之日起超过二十年，"
                           "其他行政复议申请自行政行为作出之日起超过五年的，不予受理"),
    "bar_property": Limit(
        code="reconsideration.bar_property", label="申请行政复议最长期限（不动产）", value=20,
        unit=Unit.YEAR, trigger="行政行为作出之日", citation=f"{LAW}第二十一条",
        effective_from=IN_FORCE, party="申请人"),
    "forward": Limit(
        code="reconsideration.forward", label="当场处罚、电子监控处罚机关转送申请期限", value=5,
        unit=Unit.WD, trigger="收到行政复议申请之日", citation=f"{LAW}第三十二条",
        effective_from=IN_FORCE, note="作出处罚的行政机关认为需要维持的，五个工作日内转送行政复议机关"),
    "accept": Limit(
        code="reconsideration.accept", label="受理审查期限", value=5, unit=Unit.WD,
        trigger="收到行政复议申请之日（补正的，自收到补正材料之日）", citation=f"{LAW}第三十条",
        effective_from=IN_FORCE,
        note="审查期限届满未作出不予受理决定的，审查期限届满之日起视为受理（第三十条第二款）"),
    "correction_notice": Limit(
        code="reconsideration.correction_notice", label="补正通知期限", value=5, unit=Unit.WD,
        trigger="收到行政复议申请之日", citation=f"{LAW}第三十一条第一款",
        effective_from=IN_FORCE, note="一次性书面通知申请人需要补正的全部事项"),
    "correction": Limit(
        code="reconsideration.correction", label="申请人补正期限", value=10, unit=Unit.WD,
        trigger="申请人收到补正通知之日", citation=f"{LAW}第三十一条第二款",
        effective_from=IN_FORCE, party="申请人",
        note="有正当理由的可以延长；无正当理由逾期不补正的，视为放弃行政复议申请并记录在案"),
    "copy": Limit(
        code="reconsideration.copy", label="发送申请书副本期限（普通程序）", value=7, unit=Unit.WD,
        trigger="行政复议申请受理之日", citation=f"{LAW}第四十八条", effective_from=IN_FORCE),
    "copy_simplified": Limit(
        code="reconsideration.copy_simplified", label="发送申请书副本期限（简易程序）", value=3,
        unit=Unit.WD, trigger="行政复议申请受理之日", citation=f"{LAW}第五十四条",
        effective_from=IN_FORCE),
    "reply": Limit(
        code="reconsideration.reply", label="被申请人书面答复期限（普通程序）", value=10,
        unit=Unit.WD, trigger="被申请人收到申请书副本之日", citation=f"{LAW}第四十八条",
        effective_from=IN_FORCE, party="被申请人",
        note="逾期未提出书面答复、提交证据和依据的，视为该行政行为没有证据、依据（第七十条）"),
    "reply_simplified": Limit(
        code="reconsideration.reply_simplified", label="被申请人书面答复期限（简易程序）", value=5,
        unit=Unit.WD, trigger="被申请人收到申请书副本之日", citation=f"{LAW}第五十四条",
        effective_from=IN_FORCE, party="被申请人"),
    "hearing_notice": Limit(
        code="reconsideration.hearing_notice", label="听证通知提前期", value=5, unit=Unit.WD,
        trigger="听证通知送达之日（至听证日止）", citation=f"{LAW}第五十条",
        effective_from=IN_FORCE, note="应当于举行听证的五个工作日前将听证的时间、地点和拟听证事项书面通知当事人"),
    "suspension": Limit(
        code="reconsideration.suspension", label="中止满期终止", value=60, unit=Unit.CD,
        trigger="行政复议中止之日", citation=f"{LAW}第四十一条", effective_from=IN_FORCE,
        note="依照第三十九条第一款第一项、第二项、第四项中止满六十日，中止的原因仍未消除的，终止行政复议"),
    "decide": Limit(
        code="reconsideration.decide", label="行政复议决定期限（普通程序）", value=60, unit=Unit.CD,
        trigger="受理申请之日", citation=f"{LAW}第六十二条第一款", effective_from=IN_FORCE,
        extension=Extension(30, Unit.CD, "行政复议机构的负责人", f"{LAW}第六十二条第一款"),
        stops=frozenset({"行政复议中止"}),
        note="法律规定的期限少于六十日的除外；延长应当书面告知当事人，最多不超过三十日，只能延长一次。"
             f"中止期间不计入审理期限：{UNVERIFIED}"),
    "decide_simplified": Limit(
        code="reconsideration.decide_simplified", label="行政复议决定期限（简易程序）", value=30,
        unit=Unit.CD, trigger="受理申请之日", citation=f"{LAW}第六十二条第二款",
        effective_from=IN_FORCE, stops=frozenset({"行政复议中止"}),
        note="简易程序不得延长；转为普通程序的，仍自原受理之日起按普通程序六十日计算"
             f"（第五十五条，{UNVERIFIED}）"),
    "incidental_review": Limit(
        code="reconsideration.incidental_review", label="规范性文件附带审查处理期限", value=30,
        unit=Unit.CD, trigger="行政复议中止之日", citation=f"{LAW}第五十六条", effective_from=IN_FORCE,
        note="无权处理的，七个工作日内转送有权处理的机关（reconsideration.incidental_transfer）"),
    "incidental_transfer": Limit(
        code="reconsideration.incidental_transfer", label="规范性文件附带审查转送期限", value=7,
        unit=Unit.WD, trigger="行政复议中止之日", citation=f"{LAW}第五十六条", effective_from=IN_FORCE),
    "issuer_notice": Limit(
        code="reconsideration.issuer_notice", label="通知制定机关答复期限", value=3, unit=Unit.WD,
        trigger="行政复议中止之日", citation=f"{LAW}第五十八条", effective_from=IN_FORCE),
    "issuer_reply": Limit(
        code="reconsideration.issuer_reply", label="制定机关书面答复期限", value=10, unit=Unit.WD,
        trigger="制定机关收到书面通知之日", citation=f"{LAW}第五十八条", effective_from=IN_FORCE,
        party="制定机关"),
    "transfer_reply": Limit(
        code="reconsideration.transfer_reply", label="接受转送机关回复处理意见期限", value=60,
        unit=Unit.CD, trigger="收到转送之日", citation=f"{LAW}第六十条", effective_from=IN_FORCE,
        party="接受转送的机关"),
    "opinion_letter": Limit(
        code="reconsideration.opinion_letter", label="行政复议意见书整改报告期限", value=60,
        unit=Unit.CD, trigger="收到行政复议意见书之日", citation=f"{LAW}第七十六条",
        effective_from=IN_FORCE,
        note="由被申请人或者下级行政机关报告整改情况；行政复议机关监督，逾期在双方待办中显示"),
    "perform": Limit(
        code="reconsideration.perform", label="履行行政复议决定期限（决定书确定的期限）", value=0,
        unit=Unit.CD, trigger="决定书或者责令履行通知确定的履行期限的最后一日",
        citation=f"{LAW}第六十四条、第六十六条、第七十七条", effective_from=IN_FORCE,
        note="被申请人履行，行政复议机关监督（逾期在其待办中显示）；期限由决定书（责令重新作出或者责令履行）或者责令限期履行通知确定；最后一日为法定休假日的，"
             "以休假日后的第一日为期限届满日（第八十八条第一款、《民事诉讼法》第八十五条）"),
    "litigation": Limit(
        code="reconsideration.litigation", label="复议后提起行政诉讼期限", value=15, unit=Unit.CD,
        trigger="收到行政复议决定书之日（或者复议期满之日）", citation="《行政诉讼法》第四十五条",
        effective_from=IN_FORCE, party="申请人"),
}

"""The time limits of the penalty procedure (行政处罚普通程序), declared once with their
citations (procedures.md §3.1, §4.1): `fazhi deadline --list` shows them all.

Art. 85 of the Penalty Law: its 2-, 3-, 5- and 7-day limits are working days; the other
limits (15 days, 90 days, 2 or 5 years) are calendar days. Sector limits (SAMR) are marked
as such; where the sector article is not confirmed the note says so.
"""

from datetime import date

from fazhi.law.timelimits import Extension, Limit, Unit

LAW = "《行政处罚法》"
SAMR = "《市场监督管理行政处罚程序规定》"
SAMR_PUBLICITY = "《市场监督管理行政处罚信息公示规定》"
COERCION = "《行政强制法》"
SYSTEMS = "国办发〔2018〕118号"
IN_FORCE = date(2021, 7, 15)  # Penalty Law as revised, Art. 86
UNVERIFIED = "条号未经核实（UNVERIFIED），运营方可按本地规定调整"

LIMITS = {
    "verify": Limit(
        code="enforcement.verify", label="线索核查期限", value=15, unit=Unit.WD,
        trigger="发现线索或者收到材料之日", citation=f"{SAMR}第十八条", effective_from=IN_FORCE,
        extension=Extension(15, Unit.WD, "机关负责人", f"{SAMR}第十八条"),
        stops=frozenset({"检测、检验、检疫、鉴定、权利人辨认或者鉴别"}),
        note="行政处罚法第五十四条第二款只要求“及时”立案；市场监管部门规定15个工作日，经负责人批准可延长15个工作日"),
    "limitation": Limit(
        code="enforcement.limitation", label="追责时效", value=2, unit=Unit.YEAR,
        trigger="违法行为发生之日（连续或者继续状态的，自行为终了之日）",
        citation=f"{LAW}第三十六条第一款", effective_from=IN_FORCE,
        note="二年内未被发现的，不再给予行政处罚；立案时核对"),
    "limitation_lhf": Limit(
        code="enforcement.limitation_lhf", label="追责时效（涉及生命健康安全、金融安全且有危害后果）",
        value=5, unit=Unit.YEAR, trigger="违法行为发生之日（连续或者继续状态的，自行为终了之日）",
        citation=f"{LAW}第三十六条第一款", effective_from=IN_FORCE,
        note="涉及公民生命健康安全、金融安全且有危害后果的，延长至五年；立案时核对"),
    "preservation": Limit(
        code="enforcement.preservation", label="先行登记保存处理决定期限", value=7, unit=Unit.WD,
        trigger="先行登记保存之日", citation=f"{LAW}第五十六条", effective_from=IN_FORCE),
    "decision": Limit(
        code="enforcement.decision", label="作出处罚决定期限", value=90, unit=Unit.CD,
        trigger="立案之日", citation=f"{LAW}第六十条", effective_from=IN_FORCE,
        extension=Extension(30, Unit.CD, "机关负责人", f"{SAMR}第六十四条（{UNVERIFIED}）"),
        stops=frozenset({"中止调查", "听证", "公告", "检测、检验、检疫、鉴定"}),
        note="法律、法规、规章另有规定的从其规定；延长三十日为市场监管部门规定"),
    "defence": Limit(
        code="enforcement.defence", label="陈述、申辩期限", value=5, unit=Unit.WD,
        trigger="行政处罚事先告知书送达之日", citation=f"{SAMR}第五十七条（{UNVERIFIED}）",
        effective_from=IN_FORCE, party="当事人",
        note="行政处罚法第四十五条未规定天数；逾期未陈述申辩的视为放弃"),
    "hearing_request": Limit(
        code="enforcement.hearing_request", label="听证申请期限", value=5, unit=Unit.WD,
        trigger="行政处罚事先告知书送达之日", citation=f"{LAW}第六十四条第一项",
        effective_from=IN_FORCE, party="当事人"),
    "hearing_notice": Limit(
        code="enforcement.hearing_notice", label="听证通知提前期", value=7, unit=Unit.WD,
        trigger="听证通知送达之日（至听证日止）", citation=f"{LAW}第六十四条第二项",
        effective_from=IN_FORCE, note="应当在举行听证的七日前通知当事人"),
    "review": Limit(
        code="enforcement.review", label="法制审核期限", value=10, unit=Unit.WD,
        trigger="法制审核机构收到案件材料之日", citation=f"{SAMR}第六十五条（{UNVERIFIED}）",
        effective_from=IN_FORCE, note="法律未规定审核时限；市场监管部门规定10个工作日"),
    "service": Limit(
        code="enforcement.service", label="处罚决定书送达期限", value=7, unit=Unit.WD,
        trigger="作出处罚决定之日", citation=f"{LAW}第六十一条第一款", effective_from=IN_FORCE,
        note="当事人不在场的，依照民事诉讼法的有关规定在七日内送达"),
    "publicity": Limit(
        code="enforcement.publicity", label="处罚决定公示期限", value=7, unit=Unit.WD,
        trigger="作出处罚决定之日", citation=f"{SYSTEMS}；{LAW}第四十八条", effective_from=IN_FORCE,
        note="行政执法公示制度：行政许可、行政处罚决定自作出之日起7个工作日内公开"),
    "publicity_samr": Limit(
        code="enforcement.publicity_samr", label="处罚决定公示期限（市场监管部门）", value=20,
        unit=Unit.WD, trigger="作出处罚决定之日", citation=f"{SAMR_PUBLICITY}第九条",
        effective_from=date(2021, 9, 1),
        note="同省公示；行业规定长于118号文7个工作日，适用哪一期限未经核实（UNVERIFIED），"
             "默认7个工作日，按行业参数覆盖"),
    "withdrawal": Limit(
        code="enforcement.withdrawal", label="撤回公示信息期限", value=3, unit=Unit.WD,
        trigger="处罚决定被依法变更、撤销、确认违法或者确认无效之日",
        citation=f"{LAW}第四十八条第二款", effective_from=IN_FORCE),
    "payment": Limit(
        code="enforcement.payment", label="缴纳罚款期限", value=15, unit=Unit.CD,
        trigger="收到行政处罚决定书之日", citation=f"{LAW}第六十七条第三款",
        effective_from=IN_FORCE, party="当事人"),
    "demand": Limit(
        code="enforcement.demand", label="催告后申请强制执行等待期", value=10, unit=Unit.WD,
        trigger="催告书送达之日", citation=f"{COERCION}第五十四条", effective_from=date(2012, 1, 1),
        note="催告书送达十日后当事人仍未履行的，方可申请人民法院强制执行"),
    "court": Limit(
        code="enforcement.court", label="申请人民法院强制执行期限", value=3, unit=Unit.MONTH,
        trigger="复议、诉讼期限届满之日", citation=f"{COERCION}第五十三条", effective_from=date(2012, 1, 1)),
}

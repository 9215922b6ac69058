"""The time limits of people's mediation and judicial confirmation, declared once with their
citations (domain/procedures.md §6.1–6.2): `fazhi deadline --list` shows them all.

《人民调解法》 (in force 2011-01-01); 《民事诉讼法》 (2023) 第二百零五条至第二百零六条; 最高人民法院关于适用
《民事诉讼法》的解释 (2022) 第三百五十一条至第三百五十八条、第三百七十二条; 法释〔2011〕5号. All calendar days.
Where the statute (special procedure: 30 days, 第一百八十七条) and the 2011 rule (15 + 10 days)
differ, both are tracked (domain §6.2 step 3: which governs is unverified).
"""

from datetime import date

from fazhi.law.timelimits import Extension, Limit, Unit

LAW = "《人民调解法》"
CPL = "《民事诉讼法》"
SPC = "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》"
RULE_2011 = "《最高人民法院关于人民调解协议司法确认程序的若干规定》（法释〔2011〕5号）"
MOJ = "《人民调解工作若干规定》（司法部令第75号）"
IN_FORCE = date(2011, 1, 1)
PARTIES = "双方当事人"

LIMITS = {
    "conduct": Limit(
        code="mediation.conduct", label="人民调解办理期限（指导性）", value=30, unit=Unit.CD,
        trigger="受理调解之日", citation=f"{MOJ}第三十三条", effective_from=date(2002, 11, 1),
        note="调解纠纷一般在一个月内调结；该规章现行效力未经核实，作为内部指导期限"),
    "confirm_apply": Limit(
        code="mediation.confirm_apply", label="申请司法确认期限", value=30, unit=Unit.CD,
        trigger="调解协议生效之日", citation=f"{LAW}第三十三条、{CPL}第二百零五条",
        effective_from=IN_FORCE, party=PARTIES,
        note="双方当事人自调解协议生效之日起三十日内共同向人民法院申请司法确认"),
    "court_accept": Limit(
        code="mediation.court_accept", label="司法确认申请受理期限", value=3, unit=Unit.CD,
        trigger="人民法院收到申请之日", citation=f"{RULE_2011}第四条", effective_from=date(2011, 3, 30),
        note="人民法院收到申请后应当在三日内决定是否受理"),
    "examine": Limit(
        code="mediation.examine", label="司法确认审查期限", value=15, unit=Unit.CD,
        trigger="受理司法确认申请之日", citation=f"{RULE_2011}第五条", effective_from=date(2011, 3, 30),
        extension=Extension(10, Unit.CD, "本院院长", f"{RULE_2011}第五条"),
        note="受理之日起十五日内作出是否确认的决定；因特殊情况需要延长的，经本院院长批准，可以延长十日"),
    "special": Limit(
        code="mediation.special", label="特别程序审结期限", value=30, unit=Unit.CD,
        trigger="立案之日", citation=f"{CPL}第一百八十七条", effective_from=IN_FORCE,
        note="适用特别程序审理的案件，应当在立案之日起三十日内审结；有特殊情况需要延长的，由本院院长批准"),
    "objection": Limit(
        code="mediation.objection", label="当事人对司法确认裁定提出异议期限", value=15, unit=Unit.CD,
        trigger="收到裁定之日", citation=f"{SPC}第三百七十二条", effective_from=date(2022, 4, 10),
        party="当事人",
        note="当事人认为裁定有错误的，可以自收到裁定之日起十五日内提出异议；利害关系人自知道或者"
             "应当知道其民事权益受到侵害之日起六个月内提出"),
}
OUTSIDER_MONTHS = 6  # 解释第三百七十二条: an interested outsider, from knowing of the harm

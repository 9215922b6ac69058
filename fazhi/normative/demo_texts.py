"""Texts of the demo city's normative documents: titles, bases and bodies from templates.

Topics are (issuer codes, subject, kind, legal basis, market-related?); a body is a few
articles generated from the subject. Everything here is synthetic; laws cited are real.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    issuers: tuple[str, ...]  # agency codes that may issue it ("*" any)
    subject: str  # e.g. 进一步优化营商环境
    kinds: tuple[str, ...]  # 若干措施, 实施办法…
    basis: str  # the main legal basis
    market: bool = False  # 涉及市场主体生产经营活动 (30-day comment period)
    burdens: bool = False  # 减损权利或增加义务 (comment period required)


BUSINESS = "《优化营商环境条例》"
GOV = ("XMSZF", "XMSMQ", "XMHCQ", "XMHLQ", "XMJMQ", "XMTAQ", "XMXAQ")

TOPICS = [
    Topic(GOV + ("XMFGW",), "进一步优化营商环境", ("若干措施", "实施方案", "行动方案"), BUSINESS, market=True),
    Topic(GOV + ("XMFGW", "XMSCJGJ"), "持续优化营商环境推动高质量发展", ("实施意见", "若干措施"),
          BUSINESS, market=True),
    Topic(("XMSFJ", "XMSZF"), "优化营商环境行政执法监督", ("办法", "实施细则"),
          BUSINESS + "\n《中华人民共和国行政处罚法》", market=True),
    Topic(("XMSCJGJ",), "优化营商环境涉企轻微违法行为不予行政处罚", ("清单", "办法"),
          "《中华人民共和国行政处罚法》\n" + BUSINESS, market=True),
    Topic(("XMSCJGJ",), "市场主体登记便利化", ("若干规定", "实施办法"),
          "《中华人民共和国市场主体登记管理条例》\n" + BUSINESS, market=True),
    Topic(("XMSCJGJ",), "食品小作坊登记管理", ("规定", "办法"),
          "《中华人民共和国食品安全法》\n《福建省食品小作坊小餐饮及摊贩管理条例》", market=True, burdens=True),
    Topic(("XMSCJGJ",), "企业信用风险分类监管", ("实施办法",), "《企业信息公示暂行条例》", market=True),
    Topic(("XMJYJ",), "义务教育阶段学校招生入学", ("实施办法", "工作意见"), "《中华人民共和国义务教育法》"),
    Topic(("XMJYJ",), "校外培训机构监督管理", ("办法", "暂行办法"), "《中华人民共和国民办教育促进法》",
          market=True, burdens=True),
    Topic(("XMJYJ",), "公办幼儿园招生摇号", ("规定",), "《中华人民共和国学前教育法》"),
    Topic(("XMGAJ",), "机动车停放管理", ("规定", "办法"), "《中华人民共和国道路交通安全法》", burdens=True),
    Topic(("XMGAJ",), "居住证申领办理", ("实施细则",), "《居住证暂行条例》"),
    Topic(("XMGAJ",), "电动自行车登记上牌", ("管理办法", "暂行规定"), "《中华人民共和国道路交通安全法》",
          burdens=True),
    Topic(("XMZGJ",), "国有建设用地使用权出让", ("管理办法", "实施细则"),
          "《中华人民共和国土地管理法》\n《中华人民共和国城市房地产管理法》", market=True),
    Topic(("XMZGJ",), "建设工程规划条件核实", ("规定",), "《中华人民共和国城乡规划法》", market=True),
    Topic(("XMZGJ", "XMJSJ"), "既有住宅增设电梯", ("实施办法", "指导意见"),
          "《中华人民共和国民法典》\n《福建省城乡规划条例》"),
    Topic(("XMJSJ",), "建筑工程施工许可", ("管理办法",), "《中华人民共和国建筑法》", market=True),
    Topic(("XMJSJ",), "保障性租赁住房管理", ("办法", "暂行办法"), "《中华人民共和国城市房地产管理法》"),
    Topic(("XMRSJ",), "高层次人才引进", ("实施办法", "若干措施"), "《中华人民共和国劳动法》"),
    Topic(("XMRSJ",), "失业保险稳岗返还", ("实施办法",), "《失业保险条例》", market=True),
    Topic(("XMMZJ",), "最低生活保障审核确认", ("办法", "实施细则"), "《社会救助暂行办法》"),
    Topic(("XMMZJ",), "养老机构监督管理", ("办法",), "《中华人民共和国老年人权益保障法》", burdens=True),
    Topic(("XMCZJ",), "政府采购促进中小企业发展", ("实施办法",), "《中华人民共和国政府采购法》", market=True),
    Topic(("XMWJW",), "医疗机构执业登记", ("管理办法",), "《医疗机构管理条例》", market=True),
    Topic(("XMSTHJJ",), "建设项目环境影响评价分级审批", ("规定",), "《中华人民共和国环境影响评价法》",
          market=True),
    Topic(("XMJTJ",), "网络预约出租汽车经营服务管理", ("实施细则", "暂行办法"),
          "《网络预约出租汽车经营服务管理暂行办法》", market=True, burdens=True),
    Topic(("XMCGJ",), "城市管理领域包容审慎监管", ("实施办法",), "《中华人民共和国行政处罚法》",
          market=True),
    Topic(("XMCGJ",), "户外广告设施设置管理", ("办法",), "《城市市容和环境卫生管理条例》", burdens=True),
    Topic(("XMNYNCJ",), "农村宅基地审批管理", ("办法", "暂行办法"), "《中华人民共和国土地管理法》"),
    Topic(("XMWLJ",), "旅游民宿管理", ("暂行办法", "办法"), "《中华人民共和国旅游法》", market=True,
          burdens=True),
    Topic(("XMYBJ",), "医疗保障基金使用监督管理", ("实施细则",), "《医疗保障基金使用监督管理条例》"),
    Topic(("XMYJJ",), "安全生产行政执法", ("规定",), "《中华人民共和国安全生产法》", market=True),
    Topic(("XMKJJ",), "科技企业孵化器认定管理", ("办法",), "《中华人民共和国科学技术进步法》", market=True),
    Topic(("XMGXJ",), "工业企业技术改造资金", ("管理办法",), "《中华人民共和国中小企业促进法》", market=True),
    Topic(("XMSWJ",), "外商投资企业投诉工作", ("办法",), "《中华人民共和国外商投资法》\n" + BUSINESS,
          market=True),
    Topic(GOV, "行政规范性文件管理", ("办法", "规定"), "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》"),
    Topic(GOV, "重大行政决策程序", ("实施办法", "规定"), "《重大行政决策程序暂行条例》"),
    Topic(GOV, "政府信息公开工作", ("规定", "实施办法"), "《中华人民共和国政府信息公开条例》"),
    Topic(GOV, "征收集体土地补偿安置", ("办法", "暂行办法"), "《中华人民共和国土地管理法》", burdens=True),
    Topic(("*",), "行政执法公示", ("实施办法",), "《中华人民共和国行政处罚法》"),
    Topic(("*",), "行政许可事项清单管理", ("办法",), "《中华人民共和国行政许可法》", market=True),
    Topic(("*",), "政务服务“一网通办”", ("实施细则",), BUSINESS, market=True),
]

PURPOSES = ["规范{subject}工作", "推进{subject}", "加强{subject}", "做好{subject}工作"]


def topics_for(code: str) -> list[Topic]:
    own = [t for t in TOPICS if code in t.issuers]
    return own or [t for t in TOPICS if "*" in t.issuers]


def title(issuer_name: str, topic: Topic, kind: str, provisional: bool) -> str:
    if provisional and not any(w in kind for w in ("暂行", "试行")):
        kind = f"{kind}（试行）"
    joiner = "关于" if kind in ("若干措施", "实施意见", "工作意见", "指导意见", "实施方案", "行动方案") else ""
    if joiner:
        return f"{issuer_name}关于{topic.subject}的{kind}"
    return f"{issuer_name}{topic.subject}{kind}"


def body(rng: random.Random, issuer_name: str, topic: Topic, kind: str, extra_basis: str) -> str:
    """A few articles (第一条 … 第N条) from the topic."""
    basis = "、".join(b for b in (topic.basis + ("\n" + extra_basis if extra_basis else "")).split("\n"))
    purpose = rng.choice(PURPOSES).format(subject=topic.subject)
    unit = kind.replace("（试行）", "")
    articles = [
        f"为了{purpose}，保护公民、法人和其他组织的合法权益，根据{basis}等规定，结合本市实际，制定本{unit}。",
        f"本{unit}适用于本市行政区域内{topic.subject}相关工作。",
        f"{issuer_name}负责本{unit}的组织实施，各有关部门按照职责分工做好相关工作。",
        f"{topic.subject}应当遵循依法、公开、公平、便民的原则，" + rng.choice([
            "推行告知承诺制和容缺受理，压减办理时限和申请材料。",
            "实行清单管理，清单之外不得设定其他条件。",
            "通过政务服务平台全程网上办理，办理结果依法公开。",
            "建立健全监督评价机制，定期公布工作情况。"]),
        rng.choice(["有关部门应当加强信息共享，不得要求申请人重复提交已有材料。",
                    "对违反本规定的行为，依照有关法律、法规、规章的规定处理。",
                    "行政机关工作人员在工作中滥用职权、玩忽职守的，依法给予处分。",
                    "公民、法人和其他组织对实施中的问题可以向有关部门提出意见和建议。"]),
    ]
    articles.append(f"本{unit}由{issuer_name}负责解释。")
    articles.append(f"本{unit}自公布之日起施行。")
    numerals = "一二三四五六七八九十"
    return "\n".join(f"第{numerals[n]}条　{text}" for n, text in enumerate(articles))


def explanation(issuer_name: str, topic: Topic) -> str:
    return (f"为落实{topic.basis.splitlines()[0]}的有关规定，{issuer_name}在深入调研、"
            f"征求有关部门意见的基础上起草本文件，主要内容为{topic.subject}的条件、程序和监督管理。")


COMMENTS = [
    "建议进一步明确办理时限，并在政务服务网公布办事指南。",
    "第四条的条件表述不够清晰，建议细化认定标准。",
    "建议增加对小微企业的扶持条款，降低制度性交易成本。",
    "希望保留线下办理渠道，方便老年人办事。",
    "建议对适用范围作出过渡期安排。",
]

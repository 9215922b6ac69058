"""The registry's demo builder (after org and subjects): enforcement bodies, the city
management bureau as a comprehensive team and a street office as a "one team" body with
their delegations, a catalogue of about sixty items with their bases, certificate
categories for the demo officers (one suspended; the subjects builder already lets one per
agency expire) and the legal reviewers' qualifications.

Everything is written directly: these are records of fact an operator would import or
enter (`fazhi import enforcement_items`), not steps of a procedure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from fazhi.core.modules import DemoContext
from fazhi.org.demo import Org
from fazhi.org.models import Agency, Region, Staff
from fazhi.powers.models import (
    CertificateEvent,
    Delegation,
    EnforcementBody,
    EnforcementItem,
    LegalQualification,
    ReviewExperience,
)
from fazhi.subjects.models import Officer

TEAM = "XMCGJ"  # 厦门市城市管理行政执法局
STREET = ("XMSMQLJJD", "厦门市思明区鹭江街道办事处", "鹭江街道", "350203", "ljjd")
ISSUER = "厦门市人民政府"
CATEGORIES = {"XMSCJGJ": ["市场监管"], "XMWJW": ["卫生健康"], "XMSTHJJ": ["生态环境"],
              "XMGAJ": ["公安"], "XMZGJ": ["自然资源"], TEAM: ["城市管理", "生态环境", "市政公用"],
              STREET[0]: ["城市管理", "市场监管"]}
NEW_OFFICERS = {TEAM: 4, STREET[0]: 3}
FOOD = "《中华人民共和国食品安全法》"
AIR = "《中华人民共和国大气污染防治法》"
CITY = "《城市市容和环境卫生管理条例》"
WARN, FINE, GAINS, LICENCE, STOP = "警告", "罚款", "没收违法所得", "吊销许可证件", "责令停产停业"

# (code, name, basis, category, fine_min, fine_max, kinds, agencies)
ITEMS: list[tuple[str, str, str, str, int | None, int | None, tuple[str, ...], tuple[str, ...]]] = [
    ("SC001", "生产经营不符合食品安全标准的食品", f"{FOOD}第一百二十四条第一款", "市场监管", 50000, 100000, (GAINS, FINE, LICENCE), ("XMSCJGJ",)),
    ("SC002", "未取得食品生产经营许可从事食品生产经营活动", f"{FOOD}第一百二十二条第一款", "市场监管", 50000, 100000, (GAINS, FINE), ("XMSCJGJ",)),
    ("SC003", "食品经营者未按规定建立并遵守进货查验记录制度", f"{FOOD}第一百二十六条第一款", "市场监管", 5000, 50000, (WARN, FINE), ("XMSCJGJ",)),
    ("SC004", "餐具、饮具和盛放直接入口食品的容器使用前未经洗净、消毒", f"{FOOD}第一百二十六条第一款", "市场监管", 5000, 50000, (WARN, FINE), ("XMSCJGJ",)),
    ("SC005", "食品经营者未按要求进行食品贮存、运输和装卸", f"{FOOD}第一百三十二条", "市场监管", 5000, 50000, (WARN, FINE), ("XMSCJGJ",)),
    ("SC006", "发布虚假广告", "《中华人民共和国广告法》第五十五条第一款", "市场监管", 200000, 1000000, (FINE,), ("XMSCJGJ",)),
    ("SC007", "对商品的性能、功能、质量作虚假或者引人误解的商业宣传", "《中华人民共和国反不正当竞争法》第二十条第一款", "市场监管", 200000, 1000000, (FINE, LICENCE), ("XMSCJGJ",)),
    ("SC008", "在产品中掺杂、掺假，以假充真，以次充好", "《中华人民共和国产品质量法》第五十条", "市场监管", None, None, (GAINS, FINE, LICENCE), ("XMSCJGJ",)),
    ("SC009", "经营者不按规定明码标价", "《中华人民共和国价格法》第四十二条", "市场监管", 0, 5000, (GAINS, FINE), ("XMSCJGJ",)),
    ("SC010", "使用未经定期检验或者检验不合格的特种设备", "《中华人民共和国特种设备安全法》第八十四条", "市场监管", 30000, 300000, (FINE,), ("XMSCJGJ",)),
    ("SC011", "特种设备使用单位未按规定办理使用登记", "《中华人民共和国特种设备安全法》第八十三条", "市场监管", 10000, 100000, (FINE,), ("XMSCJGJ",)),
    ("SC012", "经营者拒绝或者拖延消费者提出的修理、重作、更换、退货要求", "《中华人民共和国消费者权益保护法》第五十六条第一款", "市场监管", 0, 500000, (WARN, GAINS, FINE), ("XMSCJGJ",)),
    ("SC013", "从事无照经营", "《无证无照经营查处办法》第十三条", "市场监管", 0, 10000, (GAINS, FINE), ("XMSCJGJ",)),
    ("SC014", "销售侵犯注册商标专用权的商品", "《中华人民共和国商标法》第六十条第二款", "市场监管", None, None, (FINE,), ("XMSCJGJ",)),
    ("SC015", "未取得药品经营许可证销售药品", "《中华人民共和国药品管理法》第一百一十五条", "市场监管", None, None, (GAINS, FINE), ("XMSCJGJ",)),
    ("SC016", "经营标签不符合规定的化妆品", "《化妆品监督管理条例》第六十一条第一款", "市场监管", 10000, 30000, (GAINS, FINE), ("XMSCJGJ",)),
    ("WJ001", "公共场所经营者未取得卫生许可证擅自营业", "《公共场所卫生管理条例实施细则》第三十五条", "卫生健康", 500, 5000, (WARN, FINE), ("XMWJW",)),
    ("WJ002", "公共场所经营者未按规定对顾客用品用具进行清洗、消毒", "《公共场所卫生管理条例实施细则》第三十六条", "卫生健康", 0, 2000, (WARN, FINE), ("XMWJW",)),
    ("WJ003", "未取得医疗机构执业许可证擅自执业", "《中华人民共和国基本医疗卫生与健康促进法》第九十九条第一款", "卫生健康", None, None, (GAINS, FINE), ("XMWJW",)),
    ("WJ004", "医疗机构使用非卫生技术人员从事医疗卫生技术工作", "《医疗机构管理条例》第四十七条", "卫生健康", None, None, (FINE, LICENCE), ("XMWJW",)),
    ("WJ005", "集中式供水单位未取得卫生许可证", "《生活饮用水卫生监督管理办法》第二十五条", "卫生健康", 20, 1000, (FINE,), ("XMWJW",)),
    ("GA001", "机动车驾驶人违反道路通行规定", "《中华人民共和国道路交通安全法》第九十条", "公安", 20, 200, (WARN, FINE), ("XMGAJ",)),
    ("GA002", "饮酒后驾驶机动车", "《中华人民共和国道路交通安全法》第九十一条第一款", "公安", 1000, 2000, (FINE, "暂扣机动车驾驶证"), ("XMGAJ",)),
    ("GA003", "上道路行驶的机动车未悬挂机动车号牌", "《中华人民共和国道路交通安全法》第九十五条第一款", "公安", 20, 200, (WARN, FINE), ("XMGAJ",)),
    ("HJ001", "超过大气污染物排放标准排放大气污染物", f"{AIR}第九十九条", "生态环境", 100000, 1000000, (FINE, STOP), ("XMSTHJJ",)),
    ("HJ002", "超过水污染物排放标准排放水污染物", "《中华人民共和国水污染防治法》第八十三条", "生态环境", 100000, 1000000, (FINE, STOP), ("XMSTHJJ",)),
    ("HJ003", "建设项目未依法报批环境影响评价文件擅自开工建设", "《中华人民共和国环境影响评价法》第三十一条第一款", "生态环境", None, None, (FINE,), ("XMSTHJJ",)),
    ("HJ004", "未取得排污许可证排放污染物", "《排污许可管理条例》第三十三条", "生态环境", 200000, 1000000, (FINE, STOP), ("XMSTHJJ",)),
    ("HJ005", "未按照规定贮存、利用、处置危险废物", "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款", "生态环境", 100000, 1000000, (FINE, STOP), ("XMSTHJJ",)),
    ("HJ006", "建设单位超过噪声排放标准或者未按规定在夜间施工", "《中华人民共和国噪声污染防治法》第七十七条", "生态环境", 10000, 100000, (FINE,), ("XMSTHJJ",)),
    ("HJ007", "产生社会生活噪声，经劝阻未能制止，持续干扰他人正常生活", "《中华人民共和国噪声污染防治法》第八十七条", "生态环境", 200, 20000, (WARN, FINE), ("XMSTHJJ",)),
    ("HJ008", "排放油烟的餐饮服务业经营者未安装油烟净化设施", f"{AIR}第一百一十八条第一款", "生态环境", 5000, 50000, (FINE, STOP), ("XMSTHJJ",)),
    ("HJ009", "在人口集中地区露天焚烧秸秆、落叶等产生烟尘污染的物质", f"{AIR}第一百一十九条第二款", "生态环境", 500, 2000, (FINE,), ("XMSTHJJ",)),
    ("CG001", "擅自在街道两侧和公共场地堆放物料，搭建建筑物、构筑物或者其他设施", f"{CITY}第三十六条", "城市管理", None, None, (FINE,), (TEAM,)),
    ("CG002", "随地吐痰、便溺，乱扔果皮、纸屑和烟头等废弃物", f"{CITY}第三十四条", "城市管理", None, None, (WARN, FINE), (TEAM,)),
    ("CG003", "未经批准擅自设置大型户外广告，影响市容", f"{CITY}第三十六条", "城市管理", None, None, (FINE,), (TEAM,)),
    ("CG004", "在城市建筑物、设施以及树木上涂写、刻画或者未经批准张挂、张贴宣传品", f"{CITY}第三十四条", "城市管理", None, None, (WARN, FINE), (TEAM,)),
    ("CG005", "随意倾倒、抛撒、堆放建筑垃圾", "《中华人民共和国固体废物污染环境防治法》第一百一十一条第一款", "城市管理", 50000, 500000, (FINE,), (TEAM,)),
    ("CG006", "未按规定分类投放生活垃圾", "《中华人民共和国固体废物污染环境防治法》第一百一十一条第三款", "城市管理", 0, 200, (WARN, FINE), (TEAM,)),
    ("CG007", "占用城市道路从事经营活动", f"{CITY}第三十六条", "城市管理", None, None, (FINE,), (TEAM,)),
    ("SZ001", "未经批准擅自占用或者挖掘城市道路", "《城市道路管理条例》第四十二条", "市政公用", 0, 20000, (FINE,), ("XMJSJ",)),
    ("SZ002", "擅自占用城市绿化用地", "《城市绿化条例》第二十七条", "市政公用", None, None, (FINE,), ("XMJSJ",)),
    ("SZ003", "未取得燃气经营许可证从事燃气经营活动", "《城镇燃气管理条例》第四十五条第一款", "市政公用", 50000, 500000, (GAINS, FINE), ("XMJSJ",)),
    ("SZ004", "未取得施工许可证擅自施工", "《建设工程质量管理条例》第五十七条", "市政公用", None, None, (FINE,), ("XMJSJ",)),
    ("GH001", "未取得建设工程规划许可证进行建设", "《中华人民共和国城乡规划法》第六十四条", "自然资源", None, None, (FINE, "限期拆除"), ("XMZGJ",)),
    ("GH002", "未经批准非法占用土地", "《中华人民共和国土地管理法》第七十七条第一款", "自然资源", None, None, (FINE, "没收非法占用土地上新建的建筑物"), ("XMZGJ",)),
    ("JT001", "未取得道路运输经营许可擅自从事道路客运经营", "《中华人民共和国道路运输条例》第六十三条", "交通运输", 10000, 100000, (GAINS, FINE), ("XMJTJ",)),
    ("JT002", "未取得网约车经营许可擅自从事网约车经营活动", "《网络预约出租汽车经营服务管理暂行办法》第三十四条", "交通运输", 10000, 30000, (FINE,), ("XMJTJ",)),
    ("WL001", "未经许可经营旅行社业务", "《中华人民共和国旅游法》第九十五条第一款", "文化旅游", 10000, 100000, (GAINS, FINE), ("XMWLJ",)),
    ("WL002", "互联网上网服务营业场所接纳未成年人进入营业场所", "《互联网上网服务营业场所管理条例》第三十一条", "文化旅游", 0, 15000, (WARN, FINE, STOP), ("XMWLJ",)),
    ("YJ001", "未按规定对从业人员进行安全生产教育和培训", "《中华人民共和国安全生产法》第九十七条", "应急管理", 0, 100000, (FINE,), ("XMYJJ",)),
    ("YJ002", "未在有较大危险因素的场所和设备上设置明显的安全警示标志", "《中华人民共和国安全生产法》第九十九条", "应急管理", 0, 50000, (FINE,), ("XMYJJ",)),
    ("NY001", "经营假农药", "《农药管理条例》第五十五条", "农业农村", 5000, 50000, (GAINS, FINE, LICENCE), ("XMNYNCJ",)),
    ("RS001", "用人单位违法延长劳动者工作时间", "《劳动保障监察条例》第二十五条", "人力资源社会保障", 100, 500, (WARN, FINE), ("XMRSJ",)),
    ("RS002", "用人单位未按规定办理社会保险登记", "《中华人民共和国社会保险法》第八十四条", "人力资源社会保障", None, None, (FINE,), ("XMRSJ",)),
    ("JY001", "未经批准擅自举办民办学校", "《中华人民共和国民办教育促进法》第六十四条", "教育", None, None, (GAINS, FINE), ("XMJYJ",)),
    ("YB001", "定点医药机构以骗取医疗保障基金为目的的违法行为", "《医疗保障基金使用监督管理条例》第四十条第一款", "医疗保障", None, None, (FINE,), ("XMYBJ",)),
]
# Items that changed: the earlier version, ended when the current one took effect.
OLD_VERSIONS = {"SC009": (date(2019, 1, 1), 0, 2000), "JT001": (date(2019, 3, 2), 3000, 10000)}
CURRENT_FROM = date(2021, 7, 15)  # the revised Administrative Penalty Law (Art. 86)

# (team, delegator, mode, item codes, categories, basis)
DELEGATIONS = [
    (TEAM, "XMSTHJJ", Delegation.CONCENTRATED, ("HJ007", "HJ008", "HJ009"), (),
     "厦门市人民政府关于在城市管理领域相对集中行政处罚权的决定（示例）"),
    (TEAM, "XMJSJ", Delegation.CONCENTRATED, ("SZ001", "SZ002"), (),
     "厦门市人民政府关于在城市管理领域相对集中行政处罚权的决定（示例）"),
    (TEAM, "XMZGJ", Delegation.CONCENTRATED, ("GH001",), (),
     "厦门市人民政府关于在城市管理领域相对集中行政处罚权的决定（示例）"),
    (STREET[0], TEAM, Delegation.ASSIGNED, (), ("城市管理",),
     "福建省人民政府关于赋予乡镇（街道）行政执法权的决定（示例）"),
    (STREET[0], "XMSCJGJ", Delegation.ENTRUSTED, ("SC013",), (),
     "厦门市市场监督管理局行政处罚委托书（示例）"),
]


@dataclass
class Registry:
    bodies: int = 0
    items: int = 0
    delegations: int = 0
    officers: int = 0
    suspended: list[str] = field(default_factory=list)  # certificate numbers
    qualified: int = 0


def _street(org: Org) -> Agency:
    code, name, short, region, _login = STREET
    agency = Agency.objects.create(code=code, name=name, short_name=short, kind="other",
                                   region=Region.objects.get(code=region))
    org.by_code[code] = agency
    return agency


def _bodies(org: Org, street: Agency) -> int:
    agencies = {code for *_, codes in ITEMS for code in codes} | {TEAM}
    rows = [EnforcementBody(agency=org.by_code[code], kind=EnforcementBody.DEPARTMENT,
                            basis="《中华人民共和国行政处罚法》第十七条；厦门市行政执法主体公告（示例）",
                            scope="厦门市", remedies="行政复议：厦门市人民政府；行政诉讼：有管辖权的人民法院")
            for code in sorted(agencies - {TEAM})]
    rows.append(EnforcementBody(agency=org.by_code[TEAM], kind=EnforcementBody.COMPREHENSIVE,
                                basis="《中华人民共和国行政处罚法》第十八条；厦门市人民政府决定（示例）",
                                scope="厦门市", remedies="行政复议：厦门市人民政府；行政诉讼：有管辖权的人民法院"))
    rows.append(EnforcementBody(agency=street, kind=EnforcementBody.TOWNSHIP,
                                basis="《中华人民共和国行政处罚法》第二十四条；福建省人民政府决定（示例）",
                                scope="思明区鹭江街道辖区", remedies="行政复议：厦门市思明区人民政府"))
    EnforcementBody.objects.bulk_create(rows)
    return len(rows)


def _money(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _items(org: Org) -> int:
    made = 0
    for code, name, basis, category, low, high, kinds, agencies in ITEMS:
        versions = [(CURRENT_FROM, None, low, high)]
        if code in OLD_VERSIONS:
            start, old_low, old_high = OLD_VERSIONS[code]
            versions.append((start, CURRENT_FROM, old_low, old_high))
        for start, end, lo, hi in versions:
            item = EnforcementItem.objects.create(
                code=f"3502{code}", name=name, basis=basis, category=category,
                fine_min=_money(lo), fine_max=_money(hi), kinds=list(kinds), valid_from=start,
                valid_until=end)
            item.agencies.set([org.by_code[a] for a in agencies])
            made += 1
    return made


def _delegations(org: Org, today: date) -> int:
    Delegation.objects.bulk_create([
        Delegation(team=org.by_code[team], delegator=org.by_code[delegator], mode=mode,
                   item_codes=[f"3502{c}" for c in codes], categories=list(categories),
                   basis=basis, valid_from=date(2022, 1, 1),
                   valid_until=None if mode != Delegation.ENTRUSTED else today + timedelta(days=365))
        for team, delegator, mode, codes, categories, basis in DELEGATIONS])
    return len(DELEGATIONS)


def _officers(org: Org, ctx: DemoContext) -> tuple[int, list[str]]:
    """Categories for the subjects builder's officers; officers for the team and the street."""
    today = ctx.today
    logins = {TEAM: "cgj", STREET[0]: STREET[4]}
    for code, count in NEW_OFFICERS.items():
        agency = org.by_code[code]
        for n in range(1, count + 1):
            actor = org.add_staff(agency, f"{logins[code]}_jc{n:02d}", "handler", ctx.rng)
            Officer.objects.create(
                code=f"{code[2:]}{n:03d}", name=actor.label, agency=agency,
                staff_id=Staff.objects.get(user_id=actor.user_id).pk,
                cert_no=f"闽执{code[2:]}{today.year - 1}{n:04d}",
                cert_valid_until=today + timedelta(days=ctx.rng.randint(300, 1000)))
    officers = list(Officer.objects.select_related("agency"))
    for officer in officers:
        officer.cert_categories = CATEGORIES.get(officer.agency.code, [])
        officer.cert_issuer = ISSUER
        officer.cert_valid_from = min(today - timedelta(days=30),
                                      officer.cert_valid_until - timedelta(days=3 * 365))
    Officer.objects.bulk_update(officers, ["cert_categories", "cert_issuer", "cert_valid_from"])
    # the market regulator's ninth officer is under investigation (its tenth has expired)
    suspended = Officer.objects.filter(agency__code="XMSCJGJ").order_by("code")[8:9]
    for officer in suspended:
        CertificateEvent.objects.create(
            officer=officer, kind=CertificateEvent.SUSPEND, effective_from=today - timedelta(days=10),
            reason="涉嫌违规执法，调查期间暂扣执法证", recorded_by="厦门市司法局")
    return len(officers), [o.cert_no for o in suspended]


def _reviewers(ctx: DemoContext) -> int:
    """Every legal reviewer holds the qualification except one who reviewed before 2021."""
    made = 0
    for staff in Staff.objects.select_related("user").order_by("pk"):
        if "reviewer" not in (staff.roles or []):
            continue
        if staff.user.username == "zgj_reviewer":
            ReviewExperience.objects.create(staff=staff, since=date(2018, 3, 1),
                                            evidence="法制审核岗位任职文件（示例）")
            continue
        LegalQualification.objects.create(
            staff=staff, number=f"A{2015 + made % 8}3502{made + 1:05d}",
            obtained_on=date(2015 + made % 8, 3, 1))
        made += 1
    return made


def build(ctx: DemoContext) -> Registry:
    org: Org = ctx.built["org"]
    with transaction.atomic():
        street = _street(org)
        result = Registry(bodies=_bodies(org, street), items=_items(org),
                          delegations=_delegations(org, ctx.today))
        result.officers, result.suspended = _officers(org, ctx)
        result.qualified = _reviewers(ctx)
    return result


def report(ctx: DemoContext) -> list[str]:
    built: Registry = ctx.built["powers"]
    return [f"行政执法主体 {built.bodies} 个（含综合执法队伍和街道“一支队伍管执法”）；权责清单事项 "
            f"{built.items} 项；委托与划转 {built.delegations} 项；执法证 {built.officers} 本"
            f"（暂扣：{'、'.join(built.suspended) or '无'}）；法制审核人员法律职业资格 {built.qualified} 人。"]

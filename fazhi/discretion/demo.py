"""Demo: about forty published benchmarks of nine enforcement agencies, one superseded
version, one draft of a revision, and the agencies' 首违不罚 and 轻微违法不予处罚 lists.

The violations and statutory ranges follow the cited articles; the tiers are illustrative
(built from three common patterns: by amount involved and correction, by harm, by duration),
not any agency's actual benchmark."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D

from fazhi.core.modules import DemoContext
from fazhi.discretion import services
from fazhi.discretion.models import FIRST_OFFENCE, MINOR, Benchmark, ExemptionList
from fazhi.law.discretion import Benchmark as KB
from fazhi.law.discretion import Span, Tier
from fazhi.org.actors import Actor


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    basis: str
    low: int  # the statutory fine range, yuan
    high: int
    pattern: str = "amount"  # amount | harm | duration | income
    threshold: int = 10000  # amount involved (yuan) or duration (days) that makes it heavier
    extra: tuple[str, ...] = ()  # kinds added in the heaviest tier


def _split(low: int, high: int) -> tuple[D, D, D, D]:
    """从轻 below 30 % of the range, 一般 30–70 %, 从重 above 70 % (a common local rule)."""
    span = high - low
    return D(low), D(low + span * 3 // 10), D(low + span * 7 // 10), D(high)


def tiers(s: Spec) -> tuple[Tier, ...]:
    a, b, c, d = _split(s.low, s.high)
    heavy = ("fine", *s.extra)
    if s.pattern == "harm":
        return (Tier("1", "从轻", harm=frozenset({"none"}), kinds=("warning", "fine"), fine_min=a, fine_max=b, row=1),
                Tier("2", "一般", harm=frozenset({"minor"}), kinds=("fine",), fine_min=b, fine_max=c, row=2),
                Tier("3", "从重", harm=frozenset({"serious"}), kinds=heavy, fine_min=c, fine_max=d, row=3))
    if s.pattern == "duration":
        t = D(s.threshold)
        return (Tier("1", "从轻", duration_days=Span(None, t), corrected=True, kinds=("fine",),
                     fine_min=a, fine_max=b, row=1),
                Tier("2", "一般", duration_days=Span(None, t), corrected=False, kinds=("fine",),
                     fine_min=b, fine_max=c, row=2),
                Tier("3", "从重", duration_days=Span(t, None), kinds=heavy, fine_min=c, fine_max=d, row=3))
    if s.pattern == "income":
        return (Tier("1", "从轻", illegal_income=Span(None, D(s.threshold)), cooperated=True,
                     kinds=("fine", "confiscate_income"), multiple_min=D(s.low), multiple_max=D(s.low + 1), row=1),
                Tier("2", "一般", illegal_income=Span(None, D(s.threshold)), cooperated=False,
                     kinds=("fine", "confiscate_income"), multiple_min=D(s.low + 1), multiple_max=D(s.high - 1), row=2),
                Tier("3", "从重", illegal_income=Span(D(s.threshold), None),
                     kinds=("fine", "confiscate_income", *s.extra), multiple_min=D(s.high - 1),
                     multiple_max=D(s.high), row=3))
    t = D(s.threshold)
    return (Tier("1", "从轻", amount_involved=Span(None, t), corrected=True, kinds=("warning", "fine"),
                 fine_min=a, fine_max=b, row=1),
            Tier("2", "一般", amount_involved=Span(None, t), corrected=False, kinds=("fine",),
                 fine_min=b, fine_max=c, row=2),
            Tier("3", "从重", amount_involved=Span(t, None), kinds=heavy, fine_min=c, fine_max=d, row=3))


FOOD = "《中华人民共和国食品安全法》"
AIR = "《中华人民共和国大气污染防治法》"
CITY = "《城市市容和环境卫生管理条例》"
SAFETY = "《中华人民共和国安全生产法》"

# The codes are the enforcement items of the powers catalogue (权责清单), so a penalty case
# of an item finds its benchmark; the ranges are the items' statutory ranges, or for the
# city-appearance items (whose regulation leaves the amount to local rules) illustrative ones.
BENCHMARKS: dict[str, list[Spec]] = {
    "XMSCJGJ": [
        Spec("SC001", "生产经营不符合食品安全标准的食品", f"{FOOD}第一百二十四条第一款", 50000, 100000, "harm", extra=("revoke_licence",)),
        Spec("SC002", "未取得食品生产经营许可从事食品生产经营活动", f"{FOOD}第一百二十二条第一款", 50000, 100000, "amount", 10000, ("confiscate_income",)),
        Spec("SC003", "食品经营者未按规定建立并遵守进货查验记录制度", f"{FOOD}第一百二十六条第一款", 5000, 50000),
        Spec("SC004", "餐具、饮具和盛放直接入口食品的容器使用前未经洗净、消毒", f"{FOOD}第一百二十六条第一款", 5000, 50000, "harm"),
        Spec("SC005", "食品经营者未按要求进行食品贮存、运输和装卸", f"{FOOD}第一百三十二条", 5000, 50000, "harm"),
        Spec("SC006", "发布虚假广告", "《中华人民共和国广告法》第五十五条第一款", 200000, 1000000, "harm"),
        Spec("SC007", "对商品的性能、功能、质量作虚假或者引人误解的商业宣传", "《中华人民共和国反不正当竞争法》第二十条第一款", 200000, 1000000, "amount", 100000, ("revoke_licence",)),
        Spec("SC009", "经营者不按规定明码标价", "《中华人民共和国价格法》第四十二条", 0, 5000, "harm", extra=("confiscate_income",)),
        Spec("SC010", "使用未经定期检验或者检验不合格的特种设备", "《中华人民共和国特种设备安全法》第八十四条", 30000, 300000, "duration", 30),
        Spec("SC011", "特种设备使用单位未按规定办理使用登记", "《中华人民共和国特种设备安全法》第八十三条", 10000, 100000, "duration", 30),
        Spec("SC012", "经营者拒绝或者拖延消费者提出的修理、重作、更换、退货要求", "《中华人民共和国消费者权益保护法》第五十六条第一款", 1, 10, "income", 50000),
        Spec("SC016", "经营标签不符合规定的化妆品", "《化妆品监督管理条例》第六十一条第一款", 10000, 30000, "amount", 10000, ("confiscate_income",)),
    ],
    "XMCGJ": [
        Spec("CG001", "擅自在街道两侧和公共场地堆放物料，搭建建筑物、构筑物或者其他设施", f"{CITY}第三十六条", 0, 5000, "duration", 15),
        Spec("CG002", "随地吐痰、便溺，乱扔果皮、纸屑和烟头等废弃物", f"{CITY}第三十四条", 0, 200, "harm"),
        Spec("CG003", "未经批准擅自设置大型户外广告，影响市容", f"{CITY}第三十六条", 1000, 10000, "duration", 30),
        Spec("CG004", "在城市建筑物、设施以及树木上涂写、刻画或者未经批准张挂、张贴宣传品", f"{CITY}第三十四条", 0, 500, "harm"),
        Spec("CG005", "随意倾倒、抛撒、堆放建筑垃圾", "《中华人民共和国固体废物污染环境防治法》第一百一十一条第一款", 50000, 500000, "harm"),
        Spec("CG006", "未按规定分类投放生活垃圾", "《中华人民共和国固体废物污染环境防治法》第一百一十一条第三款", 0, 200, "harm"),
        Spec("CG007", "占用城市道路从事经营活动", f"{CITY}第三十六条", 0, 2000, "duration", 15),
    ],
    "XMSTHJJ": [
        Spec("HJ001", "超过大气污染物排放标准排放大气污染物", f"{AIR}第九十九条", 100000, 1000000, "duration", 30, ("suspend_business",)),
        Spec("HJ002", "超过水污染物排放标准排放水污染物", "《中华人民共和国水污染防治法》第八十三条", 100000, 1000000, "duration", 30, ("suspend_business",)),
        Spec("HJ004", "未取得排污许可证排放污染物", "《排污许可管理条例》第三十三条", 200000, 1000000, "duration", 30, ("suspend_business",)),
        Spec("HJ005", "未按照规定贮存、利用、处置危险废物", "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款", 100000, 1000000, "harm", extra=("suspend_business",)),
        Spec("HJ006", "建设单位超过噪声排放标准或者未按规定在夜间施工", "《中华人民共和国噪声污染防治法》第七十七条", 10000, 100000, "duration", 7),
        Spec("HJ007", "产生社会生活噪声，经劝阻未能制止，持续干扰他人正常生活", "《中华人民共和国噪声污染防治法》第八十七条", 200, 20000, "harm"),
        Spec("HJ008", "排放油烟的餐饮服务业经营者未安装油烟净化设施", f"{AIR}第一百一十八条第一款", 5000, 50000, "harm", extra=("suspend_business",)),
        Spec("HJ009", "在人口集中地区露天焚烧秸秆、落叶等产生烟尘污染的物质", f"{AIR}第一百一十九条第二款", 500, 2000, "harm"),
    ],
    "XMJTJ": [
        Spec("JT001", "未取得道路运输经营许可擅自从事道路客运经营", "《中华人民共和国道路运输条例》第六十三条", 10000, 100000, "amount", 20000, ("confiscate_income",)),
        Spec("JT002", "未取得网约车经营许可擅自从事网约车经营活动", "《网络预约出租汽车经营服务管理暂行办法》第三十四条", 10000, 30000, "duration", 30),
    ],
    "XMWJW": [
        Spec("WJ001", "公共场所经营者未取得卫生许可证擅自营业", "《公共场所卫生管理条例实施细则》第三十五条", 500, 5000, "duration", 30),
        Spec("WJ002", "公共场所经营者未按规定对顾客用品用具进行清洗、消毒", "《公共场所卫生管理条例实施细则》第三十六条", 0, 2000, "harm"),
        Spec("WJ005", "集中式供水单位未取得卫生许可证", "《生活饮用水卫生监督管理办法》第二十五条", 20, 1000, "harm"),
    ],
    "XMYJJ": [
        Spec("YJ001", "未按规定对从业人员进行安全生产教育和培训", f"{SAFETY}第九十七条", 0, 100000, "harm"),
        Spec("YJ002", "未在有较大危险因素的场所和设备上设置明显的安全警示标志", f"{SAFETY}第九十九条", 0, 50000, "harm"),
    ],
    "XMJSJ": [
        Spec("SZ001", "未经批准擅自占用或者挖掘城市道路", "《城市道路管理条例》第四十二条", 0, 20000, "duration", 15),
        Spec("SZ003", "未取得燃气经营许可证从事燃气经营活动", "《城镇燃气管理条例》第四十五条第一款", 50000, 500000, "amount", 100000, ("confiscate_income",)),
    ],
    "XMNYNCJ": [
        Spec("NY001", "经营假农药", "《农药管理条例》第五十五条", 5000, 50000, "amount", 10000, ("confiscate_income", "revoke_licence")),
    ],
    "XMWLJ": [
        Spec("WL001", "未经许可经营旅行社业务", "《中华人民共和国旅游法》第九十五条第一款", 10000, 100000, "amount", 10000, ("confiscate_income",)),
        Spec("WL002", "互联网上网服务营业场所接纳未成年人进入营业场所", "《互联网上网服务营业场所管理条例》第三十一条", 0, 15000, "harm", extra=("suspend_business",)),
    ],
}

# An earlier version of SC003 with a lower threshold, in force two years before the current.
OLD_VERSION = ("XMSCJGJ", "SC003")
FIRST_LISTS = {"XMSCJGJ": ["SC004", "SC005", "SC009"], "XMCGJ": ["CG002", "CG004", "CG006"],
               "XMSTHJJ": ["HJ007", "HJ009"], "XMWJW": ["WJ002"]}
MINOR_LISTS = {"XMSCJGJ": ["SC009"], "XMCGJ": ["CG002", "CG006"], "XMSTHJJ": ["HJ009"]}


def build(ctx: DemoContext) -> dict[str, int]:
    org = ctx.built["org"]
    actor = Actor.system("演示数据")
    # in force two years before today, so the penalty cases of the last year find it
    current = date(ctx.today.year - 2, 1, 1)
    made = 0
    for agency_code, specs in BENCHMARKS.items():
        agency = org.by_code[agency_code]
        if agency_code == OLD_VERSION[0]:
            old = next(s for s in specs if s.code == OLD_VERSION[1])
            (b,) = services.save_benchmarks(agency, [(KB(old.code, tiers(Spec(
                old.code, old.name, old.basis, old.low, old.high, threshold=5000))), old.name, old.basis)],
                version=f"{current.year - 2}年版", effective_from=date(current.year - 2, 1, 1), actor=actor)
            services.publish(b, actor, on=date(current.year - 2, 1, 1))
            made += 1
        saved = services.save_benchmarks(agency, [(KB(s.code, tiers(s)), s.name, s.basis) for s in specs],
                                         version=f"{current.year}年版", effective_from=current, actor=actor)
        for b in saved:
            services.publish(b, actor, on=current)
        made += len(saved)
        names = {s.code: s.name for s in specs}
        for kind, lists, title in ((FIRST_OFFENCE, FIRST_LISTS, "首违不罚清单"),
                                   (MINOR, MINOR_LISTS, "轻微违法不予处罚清单")):
            codes = lists.get(agency_code)
            if not codes:
                continue
            entries = [{"violation_code": c, "violation_name": names[c],
                        "conditions": "初次违法、危害后果轻微并及时改正" if kind == FIRST_OFFENCE
                        else "违法行为轻微、及时改正、没有造成危害后果",
                        "basis": "《中华人民共和国行政处罚法》第三十三条第一款",
                        "max_amount_involved": D(5000), "max_illegal_income": None} for c in codes]
            lst = services.save_list(agency, kind, title=f"{agency.short_name}{title}",
                                     version=f"{current.year}年版", effective_from=current, entries=entries,
                                     actor=actor)
            services.publish_list(lst, actor, on=current)
    # one draft that the legal office has not published yet
    spec = Spec("SC016", "经营标签不符合规定的化妆品", "《化妆品监督管理条例》第六十一条第一款", 10000, 30000, "harm")
    services.save_benchmarks(org.by_code["XMSCJGJ"], [(KB(spec.code, tiers(spec)), spec.name, spec.basis)],
                             version=f"{ctx.today.year}年版", effective_from=date(ctx.today.year + 1, 1, 1),
                             actor=actor)
    return {"benchmarks": made}


def report(ctx: DemoContext) -> list[str]:
    return [f"裁量基准：已公布 {Benchmark.objects.filter(status='published').count()} 项，"
            f"不予处罚清单 {ExemptionList.objects.count()} 份"]

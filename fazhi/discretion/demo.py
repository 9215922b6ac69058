"""Demo: about forty published benchmarks of five enforcement agencies, one superseded
version, and the agencies' 首违不罚 and 轻微违法不予处罚 lists.

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
WATER = "《中华人民共和国水污染防治法》"
ROAD = "《中华人民共和国道路运输条例》"

BENCHMARKS: dict[str, list[Spec]] = {
    "XMSCJGJ": [
        Spec("SCJG-001", "食品经营者未按规定建立并遵守进货查验记录制度", f"{FOOD}第一百二十六条第一款", 5000, 50000),
        Spec("SCJG-002", "经营超过保质期的食品", f"{FOOD}第一百二十四条第一款", 50000, 100000, extra=("confiscate_property",)),
        Spec("SCJG-003", "食品经营者未按规定公示食品经营许可证", "《食品经营许可和备案管理办法》第五十七条", 1000, 10000, "harm"),
        Spec("SCJG-004", "发布虚假广告", "《中华人民共和国广告法》第五十五条第一款", 200000, 1000000, "harm", extra=("revoke_licence",)),
        Spec("SCJG-005", "经营者不执行明码标价规定", "《中华人民共和国价格法》第四十二条", 0, 5000, "harm"),
        Spec("SCJG-006", "销售不符合保障人体健康的国家标准的产品", "《中华人民共和国产品质量法》第四十九条", 1, 3, "income", 50000, ("suspend_business",)),
        Spec("SCJG-007", "经营者作虚假或者引人误解的商业宣传", "《中华人民共和国反不正当竞争法》第二十条第一款", 200000, 1000000, "amount", 100000),
        Spec("SCJG-008", "使用未经检验的特种设备", "《中华人民共和国特种设备安全法》第八十四条", 30000, 300000, "duration", 30),
        Spec("SCJG-009", "计量器具未按规定申请检定", "《中华人民共和国计量法实施细则》第四十三条", 0, 1000, "harm"),
    ],
    "XMCGJ": [
        Spec("CGZF-001", "随地吐痰、乱扔果皮纸屑等废弃物", "《城市市容和环境卫生管理条例》第三十四条", 0, 200, "harm"),
        Spec("CGZF-002", "擅自占用城市道路摆摊设点", "《城市道路管理条例》第四十二条", 0, 20000, "duration", 15),
        Spec("CGZF-003", "未取得建设工程规划许可证进行建设", "《中华人民共和国城乡规划法》第六十四条", 50000, 1000000, "amount", 500000, ("confiscate_property",)),
        Spec("CGZF-004", "擅自设置户外广告设施", "《城市市容和环境卫生管理条例》第三十六条", 1000, 10000, "duration", 30),
        Spec("CGZF-005", "随意倾倒建筑垃圾", "《中华人民共和国固体废物污染环境防治法》第一百一十一条", 5000, 500000, "harm"),
        Spec("CGZF-006", "排水户未取得排水许可向城镇排水设施排放污水", "《城镇排水与污水处理条例》第五十条第一款", 0, 500000, "duration", 30),
        Spec("CGZF-007", "在城市建筑物、设施以及树木上涂写、刻画", "《城市市容和环境卫生管理条例》第三十四条", 0, 500, "harm"),
        Spec("CGZF-008", "施工现场未设置围挡或者未采取防尘措施", f"{AIR}第一百一十五条", 10000, 100000, "harm", extra=("suspend_business",)),
    ],
    "XMSTHJJ": [
        Spec("STHJ-001", "超过大气污染物排放标准排放大气污染物", f"{AIR}第九十九条", 100000, 1000000, "duration", 30, ("suspend_business",)),
        Spec("STHJ-002", "超过水污染物排放标准排放水污染物", f"{WATER}第八十三条", 100000, 1000000, "duration", 30, ("suspend_business",)),
        Spec("STHJ-003", "未依法报批建设项目环境影响报告书擅自开工建设", "《中华人民共和国环境影响评价法》第三十一条第一款", 50000, 200000, "amount", 10000000),
        Spec("STHJ-004", "未按规定设置危险废物识别标志", "《中华人民共和国固体废物污染环境防治法》第一百一十二条", 100000, 1000000, "harm"),
        Spec("STHJ-005", "不正常运行大气污染防治设施", f"{AIR}第九十九条", 100000, 1000000, "harm", extra=("suspend_business",)),
        Spec("STHJ-006", "未按规定对所排放的水污染物自行监测", f"{WATER}第八十二条", 20000, 200000, "harm"),
        Spec("STHJ-007", "露天焚烧秸秆、落叶等产生烟尘污染的物质", f"{AIR}第一百一十九条第一款", 500, 2000, "harm"),
        Spec("STHJ-008", "未取得排污许可证排放污染物", "《排污许可管理条例》第三十三条", 200000, 1000000, "duration", 30, ("suspend_business",)),
    ],
    "XMJTJ": [
        Spec("JTYS-001", "未取得道路运输经营许可擅自从事道路客运经营", f"{ROAD}第六十三条", 2, 10, "income", 20000),
        Spec("JTYS-002", "客运经营者不按批准的客运站点停靠", f"{ROAD}第六十八条", 1000, 3000, "harm"),
        Spec("JTYS-003", "道路运输车辆未按规定进行定期维护和检测", f"{ROAD}第七十条", 5000, 20000, "harm"),
        Spec("JTYS-004", "未取得网约车运输证从事网约车经营", "《网络预约出租汽车经营服务管理暂行办法》第三十四条", 3000, 10000, "duration", 30),
        Spec("JTYS-005", "擅自占用、挖掘公路", "《中华人民共和国公路法》第七十六条", 0, 30000, "duration", 10),
        Spec("JTYS-006", "货运车辆超限运输", "《公路安全保护条例》第六十四条", 0, 30000, "harm"),
        Spec("JTYS-007", "巡游出租汽车驾驶员拒载、议价", "《巡游出租汽车经营服务管理规定》第四十八条", 200, 500, "harm"),
        Spec("JTYS-008", "机动车维修经营者使用假冒伪劣配件维修机动车", f"{ROAD}第七十三条", 2, 10, "income", 10000, ("revoke_licence",)),
    ],
    "XMWJW": [
        Spec("WJW-001", "未取得医疗机构执业许可证擅自执业", "《医疗机构管理条例》第四十三条", 50000, 500000, "duration", 30, ("confiscate_property",)),
        Spec("WJW-002", "公共场所未按规定进行卫生检测", "《公共场所卫生管理条例实施细则》第三十六条", 0, 20000, "harm"),
        Spec("WJW-003", "使用非卫生技术人员从事医疗卫生技术工作", "《医疗机构管理条例》第四十七条", 5000, 10000, "duration", 90),
        Spec("WJW-004", "供水单位未取得卫生许可证供水", "《生活饮用水卫生监督管理办法》第二十六条", 20, 5000, "harm"),
        Spec("WJW-005", "在禁止吸烟场所未设置禁止吸烟标志", "《公共场所卫生管理条例实施细则》第三十八条", 0, 2000, "harm"),
        Spec("WJW-006", "医疗机构未按规定处置医疗废物", "《医疗废物管理条例》第四十六条", 5000, 10000, "harm", extra=("suspend_business",)),
    ],
}

# An earlier version of SCJG-001 with a narrower lighter tier, superseded in 2025.
OLD_VERSION = ("XMSCJGJ", "SCJG-001")
FIRST_LISTS = {"XMSCJGJ": ["SCJG-003", "SCJG-005", "SCJG-009"], "XMCGJ": ["CGZF-001", "CGZF-004", "CGZF-007"],
               "XMJTJ": ["JTYS-002", "JTYS-007"], "XMWJW": ["WJW-005"]}
MINOR_LISTS = {"XMSCJGJ": ["SCJG-003", "SCJG-009"], "XMCGJ": ["CGZF-001"], "XMSTHJJ": ["STHJ-007"]}


def build(ctx: DemoContext) -> dict[str, int]:
    org = ctx.built["org"]
    actor = Actor.system("演示数据")
    current = date(ctx.today.year - 1, 1, 1)
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
                                     version=f"{current.year}年版", effective_from=current, entries=entries)
            services.publish_list(lst, actor, on=current)
    # one draft that the legal office has not published yet
    spec = Spec("SCJG-010", "未按规定建立食品安全追溯体系", f"{FOOD}第一百二十六条第一款", 5000, 50000)
    services.save_benchmarks(org.by_code["XMSCJGJ"], [(KB(spec.code, tiers(spec)), spec.name, spec.basis)],
                             version=f"{ctx.today.year}年版", effective_from=date(ctx.today.year + 1, 1, 1),
                             actor=actor)
    return {"benchmarks": made}


def report(ctx: DemoContext) -> list[str]:
    return [f"裁量基准：已公布 {Benchmark.objects.filter(status='published').count()} 项，"
            f"不予处罚清单 {ExemptionList.objects.count()} 份"]

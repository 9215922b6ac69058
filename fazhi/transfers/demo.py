"""Demo builder: the procuratorate, a police liaison and a procurator, a threshold set,
and about twenty transfers in every state, simulated day by day through the engine."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.cases.models import Case
from fazhi.core.demo import Planned, simulate
from fazhi.core.modules import DemoContext
from fazhi.org.demo import Org, person_name
from fazhi.org.models import Agency
from fazhi.transfers import config, services
from fazhi.transfers.models import Threshold, ThresholdSet

LIAISON, PROCURATOR = "gaj_police_liaison", "jcy_procurator"
AGENCIES = ("XMSCJGJ", "XMCGJ", "XMSTHJJ")
# Demo rows: the article numbers of the prosecution standards are as restated publicly and
# not verified here (the set's note says so); an operator imports the verified set.
ROWS = [
    ("SC-FAKE-01", "销售伪劣产品", "生产、销售伪劣产品罪", "第一百四十条", "amount_involved", "50000",
     "《立案追诉标准（一）》第十六条"),
    ("SC-FOOD-01", "生产经营不符合食品安全标准的食品", "生产、销售不符合安全标准的食品罪",
     "第一百四十三条", "harm", None, "《立案追诉标准（一）》第十九条"),
    ("SC-TM-01", "销售侵犯注册商标专用权的商品", "销售假冒注册商标的商品罪", "第二百一十四条",
     "amount_involved", "50000", "《立案追诉标准（二）》"),
    ("SC-ILL-01", "无证经营（非法经营）", "非法经营罪", "第二百二十五条", "amount_involved", "50000",
     "《立案追诉标准（二）》第七十一条"),
    ("HB-POL-01", "通过暗管排放有毒物质", "污染环境罪", "第三百三十八条", "harm", None,
     "《关于办理环境污染刑事案件适用法律若干问题的解释》第一条"),
]
# (final state wanted, how many) — every state of the procedure
PLAN = [("reported", 2), ("approved", 2), ("not_approved", 2), ("transferred", 3), ("filed", 2),
        ("refused", 2), ("reconsidering", 1), ("refusal_upheld", 1), ("supervising", 1),
        ("handed_over", 3), ("closed_refused", 1)]
PATHS = {  # the actions leading to each state after the report
    "reported": [], "approved": ["approve"], "not_approved": ["not_approve"],
    "transferred": ["approve", "send"], "filed": ["approve", "send", "police_file"],
    "refused": ["approve", "send", "police_refuse"],
    "reconsidering": ["approve", "send", "police_refuse", "request_reconsideration"],
    "refusal_upheld": ["approve", "send", "police_refuse", "request_reconsideration",
                       "reconsider_refuse"],
    "supervising": ["approve", "send", "police_refuse", "request_supervision"],
    "handed_over": ["approve", "send", "police_file", "hand_over"],
    "closed_refused": ["approve", "send", "police_refuse", "close_refused"],
}
DATA = {
    "approve": {"opinion": "同意移送"},
    "not_approve": {"reasons": "经复核，涉案金额未达到立案追诉标准，依法给予行政处罚"},
    "police_file": {"criminal_case_number": "厦公刑立〔{year}〕{n}号"},
    "police_refuse": {"reasons": "现有证据不足以证明有犯罪事实", "materials_returned": True},
    "request_reconsideration": {"note": "认为依法应当立案，提请复议"},
    "reconsider_refuse": {"reasons": "经复议，维持不予立案决定"},
    "request_supervision": {"note": "建议人民检察院依法进行立案监督"},
    "close_refused": {"handling": "依法作出行政处罚"},
    "hand_over": {"receipt": "公安机关签收", "items": ["涉案物品一批"]},
}


def _people(ctx: DemoContext, org: Org) -> dict[str, object]:
    params = config.current()
    police = Agency.objects.get(code=params.police_code)
    procuratorate, _ = Agency.objects.get_or_create(
        code=params.procuratorate_code,
        defaults={"name": "厦门市人民检察院", "short_name": "市检察院", "kind": "other",
                  "region": police.region})
    return {"liaison": org.add_staff(police, LIAISON, "police_liaison", ctx.rng),
            "procurator": org.add_staff(procuratorate, PROCURATOR, "procurator", ctx.rng)}


def _thresholds(today: date) -> None:
    found = ThresholdSet.objects.create(
        version="2022-demo", source="立案追诉标准（演示数据）", effective_from=date(2022, 5, 15),
        note="演示数据：条文序号未经核对，正式使用须导入经核对的版本")
    Threshold.objects.bulk_create([
        Threshold(set=found, violation_code=code, violation_name=name, crime=crime,
                  criminal_article=article, metric=metric,
                  minimum=Decimal(minimum) if minimum else None, basis=basis)
        for code, name, crime, article, metric, minimum, basis in ROWS])


def build(ctx: DemoContext) -> int:
    org: Org = ctx.built["org"]
    people = _people(ctx, org)
    _thresholds(ctx.today)
    agencies = [Agency.objects.get(code=code) for code in AGENCIES]
    plan = [state for state, n in PLAN for _ in range(n if ctx.cases >= 200 else 1)]
    made: dict[int, Case] = {}
    steps: list[Planned] = []
    for key, state in enumerate(plan):
        agency = agencies[key % len(agencies)]
        actors = {"handler": org.handlers[agency.pk], "head": org.heads[agency.pk],
                  "police": people["liaison"], "procurator": people["procurator"]}
        start = ctx.today - timedelta(days=8 if state == "reported" and key % 2 else
                                      ctx.rng.randrange(12, 70))
        steps.append(Planned(start, key, 0, _report(ctx, made, key, agency, actors["handler"])))
        for n, action in enumerate(PATHS[state], start=1):
            steps.append(Planned(min(start + timedelta(days=n), ctx.today), key, n,
                                 _act(made, key, action, actors)))
    simulate(steps, ctx.failures)
    return len(made)


def _report(ctx: DemoContext, made: dict[int, Case], key: int, agency: Agency, actor):  # noqa: ANN001, ANN202
    code, name, *_ = ROWS[key % len(ROWS)]
    team = [person_name(ctx.rng), person_name(ctx.rng)]
    amount = Decimal(ctx.rng.randrange(60, 400) * 1000)

    def run(day: date) -> None:
        made[key] = services.open_transfer(
            None, actor=actor, on=day, officers=team, violation_code=code,
            facts={"amount_involved": amount, "harm": "serious"},
            reference=f"{agency.short_name}处〔{day.year}〕{100 + key}号",
            report=f"当事人{name}，经专案组核实，涉案金额{amount:,.0f}元，涉嫌犯罪，报请批准移送公安机关。")
    return run


def _act(made: dict[int, Case], key: int, action: str, actors: dict):  # noqa: ANN202
    who = {"approve": "head", "not_approve": "head", "police_file": "police",
           "police_refuse": "police", "reconsider_refuse": "police"}.get(action, "handler")

    def run(day: date) -> None:
        data = {k: v.format(year=day.year, n=key + 1) if isinstance(v, str) else v
                for k, v in DATA.get(action, {}).items()}
        if action == "send":
            data = {"letter_number": f"移〔{day.year}〕{key + 1}号", "items": ["涉案物品一批"]}
        files = [(SimpleUploadedFile(f"移送材料-{key + 1}.pdf", b"%PDF-1.4 demo transfer package",
                                     "application/pdf"), action)] if action == "send" else None
        services.act(made[key], action, actors[who], data, on=day, files=files)
    return run


def report(ctx: DemoContext) -> list[str]:
    return [f"涉嫌犯罪案件移送 {ctx.built['transfers']} 件（各状态）；公安机关联络员 {LIAISON}，"
            f"检察官 {PROCURATOR}。"]

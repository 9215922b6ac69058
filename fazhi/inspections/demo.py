"""The inspections app's demo builder: the inspection-item lists (抽查事项清单) of the
inspecting agencies and three plans of “双随机、一公开”:

- a joint plan (联合抽查) of 市市场监管局, 市卫健委 and 市生态环境局 over 思明区, frozen,
  committed and revealed by the notary (鹭江公证处), drawn and published, with every
  target's result recorded by a team member — some with findings (rectification,
  referral for a penalty) — and most results published;
- a plan of 市市场监管局 drawn this week, its results still to be recorded;
- a draft plan of 市市场监管局 waiting to be frozen (the planner's next step).

Runs after subjects (the directory and the officers); every step goes through
`fazhi.inspections.services` under the simulated clock.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from fazhi.core.demo import no_query_log, office_time, simulated_clock
from fazhi.core.modules import DemoContext
from fazhi.holidays.services import current_calendar
from fazhi.inspections import inspection_results, notary_steps, plans, team_draw
from fazhi.inspections.models import InspectionItem, InspectionRecord, Plan, TeamMember
from fazhi.law import draws
from fazhi.org import demo_city as C
from fazhi.org.demo import Org
from fazhi.org.models import Region

PLANNER, NOTARY = "scjgj_handler", "gzc_notary"

ITEMS = {  # agency code → (code, name, legal basis, method)
    "XMSCJGJ": [
        ("SJ-01", "企业公示信息情况检查", "《企业信息公示暂行条例》第十四条", "书面检查、网络监测"),
        ("SJ-02", "食品经营者经营条件检查", "《中华人民共和国食品安全法》第一百一十条", "现场检查"),
        ("SJ-03", "特种设备使用单位检查", "《中华人民共和国特种设备安全法》第五十七条", "现场检查"),
        ("SJ-04", "产品质量监督抽查", "《中华人民共和国产品质量法》第十五条", "抽样检验")],
    "XMWJW": [
        ("WJ-01", "公共场所卫生监督检查", "《公共场所卫生管理条例》第十条", "现场检查"),
        ("WJ-02", "医疗机构依法执业检查", "《医疗机构管理条例》第四十条", "现场检查")],
    "XMSTHJJ": [
        ("HJ-01", "排污单位污染物排放检查", "《中华人民共和国大气污染防治法》第二十九条", "现场检查、监测"),
        ("HJ-02", "建设项目环保设施“三同时”检查", "《建设项目环境保护管理条例》第十九条", "现场检查")],
    "XMGAJ": [("GA-01", "旅馆业治安管理检查", "《旅馆业治安管理办法》第十四条", "现场检查")],
    "XMZGJ": [("ZG-01", "建设工程规划许可批后监管", "《中华人民共和国城乡规划法》第五十三条", "现场检查")],
}
STRATA = [{"name": "A", "ratio_bp": 60, "min": 1}, {"name": "B", "ratio_bp": 150},
          {"name": "C", "ratio_bp": 600}, {"name": "D", "ratio_bp": 1500}]
FINDINGS = {
    InspectionRecord.NO_PROBLEM: "经现场检查，公示信息真实，经营条件符合要求，未发现问题。",
    InspectionRecord.RECTIFY: "发现从业人员健康证明过期、进货查验记录不全，已当场责令限期整改。",
    InspectionRecord.REFER: "发现经营超过保质期的食品，涉嫌违法，已移交执法机构立案调查。",
}


@dataclass
class Summary:
    plans: list[tuple[str, str]] = field(default_factory=list)  # (title, state)
    results: int = 0


def build_items(org: Org) -> dict[str, list[InspectionItem]]:
    """The agencies' lists of spot-check items (抽查事项清单), as an import would write."""
    return {code: [InspectionItem.objects.create(agency=org.by_code[code], code=c, name=name,
                                                 legal_basis=basis, method=method)
                   for c, name, basis, method in rows]
            for code, rows in ITEMS.items()}


class Builder:
    def __init__(self, org: Org, rng: random.Random, today: date, seed: int, clock: list) -> None:
        self.org, self.rng, self.today, self.seed, self.clock = org, rng, today, seed, clock
        self.planner, self.notary = org.actor(PLANNER), org.actor(NOTARY)
        self.cal = current_calendar()

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        self.clock[0] = office_time(day, hour, minute)
        return self.clock[0]

    def plan(self, title: str, items: list[InspectionItem], others: list[str], created: date,
             target: str) -> Plan:
        """A plan made on `created` and taken as far as `target` (draft, drawn, published)."""
        district = Region.objects.get(code="350203")
        plan_date = self.cal.add_working_days(created, 8)
        data = {"title": title, "agency_ids": [self.org.by_code[c].pk for c in others],
                "item_ids": [i.pk for i in items], "plan_date": plan_date.isoformat(),
                "district_id": district.pk, "strata": STRATA, "rounding": "ceil",
                "sources": [{"id": f"kl8-{created + timedelta(days=1):%Y%m%d}",
                             "fallbacks": [f"sse-{created + timedelta(days=1):%Y%m%d}"],
                             "description": "次日福彩快乐8开奖号码（备用：上证综指收盘点位）"}],
                "team_size": 2, "notary_agency_id": self.org.by_code[C.NOTARY_OFFICE.code].pk}
        plan = plans.create_plan(self.planner, data, now=self.at(created, 9))
        if target == "draft":
            return plan
        plans.freeze(self.planner, plan.pk, now=self.at(created, 10))
        plan.refresh_from_db()
        r_n = hashlib.sha256(f"fazhi-demo-inspections:{self.seed}:{title}".encode()).digest()
        self.at(created, 11)
        notary_steps.commit(self.notary, plan.pk, draws.notary_commitment(plan.draw_id, r_n).hex())
        drawn_on = created + timedelta(days=1)
        numbers = " ".join(map(str, sorted(self.rng.sample(range(1, 81), 20))))
        notary_steps.enter_source(self.planner, plan.pk, data["sources"][0]["id"], numbers,
                              evidence="中国福利彩票快乐8当期开奖公告", now=self.at(drawn_on, 21, 40))
        notary_steps.reveal(self.notary, plan.pk, r_n.hex(), now=self.at(drawn_on, 21, 50))
        plan = team_draw.draw(self.planner, plan.pk, now=self.at(drawn_on, 22))
        if target == "published":
            plan = team_draw.publish(self.planner, plan.pk, now=self.at(drawn_on + timedelta(days=1), 9))
        return plan

    def results(self, plan: Plan, items: list[InspectionItem], plan_date: date) -> int:
        """Each target's result by a member of its team; most published a few days later."""
        done = 0
        members = (TeamMember.objects.filter(target__plan=plan, active=True)
                   .select_related("target", "inspector__staff__user").order_by("target_id", "pk"))
        seen: set[int] = set()
        for member in members:
            target = member.target
            if target.pk in seen or member.inspector.staff is None:
                continue
            seen.add(target.pk)
            actor = self.org.actor(member.inspector.staff.user.username)
            result = self.rng.choices(list(FINDINGS), [75, 18, 7])[0]
            completed = min(self.today, plan_date + timedelta(days=self.rng.randint(0, 10)))
            self.at(completed, 16)
            record = inspection_results.enter_result(actor, target.pk, {
                "items_checked": [i.pk for i in items[:2]], "findings": FINDINGS[result],
                "result": result, "completed_on": completed.isoformat(),
                "referral_reason": "涉嫌经营超过保质期的食品（《中华人民共和国食品安全法》第三十四条）"
                if result == InspectionRecord.REFER else ""}, today=completed)
            done += 1
            published = self.cal.add_working_days(completed, self.rng.randint(2, 12))
            if published <= self.today and self.rng.random() < 0.9:
                self.at(published, 10)
                inspection_results.publish_result(actor, record.pk, today=published)
        return done


def build(ctx: DemoContext) -> Summary:
    org: Org = ctx.built["org"]
    items = build_items(org)
    summary = Summary()
    today = ctx.today
    with simulated_clock() as clock, no_query_log():
        b = Builder(org, ctx.rng, today, ctx.seed, clock)
        joint_items = items["XMSCJGJ"][:2] + items["XMWJW"][:1] + items["XMSTHJJ"][:1]
        joint = b.plan(f"{today.year}年第一批跨部门联合“双随机、一公开”抽查（思明区）", joint_items,
                       ["XMWJW", "XMSTHJJ"], today - timedelta(days=75), "published")
        summary.results += b.results(joint, joint_items, joint.plan_date)
        summary.plans.append((joint.title, Plan.PUBLISHED))
        recent = b.plan(f"{today.year}年食品经营者经营条件专项抽查（思明区）", items["XMSCJGJ"][1:2], [],
                        today - timedelta(days=3), "drawn")
        summary.plans.append((recent.title, Plan.DRAWN))
        draft = b.plan(f"{today.year}年特种设备使用单位随机抽查（思明区）", items["XMSCJGJ"][2:3], [],
                       today, "draft")
        summary.plans.append((draft.title, Plan.DRAFT))
    return summary


def report(ctx: DemoContext) -> list[str]:
    summary: Summary = ctx.built["inspections"]
    return [f"抽查事项 {InspectionItem.objects.count()} 项；抽查计划 {len(summary.plans)} 个"
            f"（{'、'.join(Plan.STATES[s] for _, s in summary.plans)}），检查结果 {summary.results} 条"
            f"（计划人员：{PLANNER}，监督：{NOTARY}）。"]

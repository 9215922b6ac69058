"""The reporting app's demo builder: the year's key tasks (重点任务) of the rule-of-law
office, assigned to lead agencies with progress reported (some done), and the city's
annual report on the previous year (法治政府建设年度报告) drafted by the office, approved by
its head and published, with the figures the other builders' data computes.

Runs after every builder whose records feed the indicators; every step goes through
`fazhi.reporting.services` under the simulated clock.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from fazhi.core.demo import no_query_log, office_time, simulated_clock
from fazhi.core.modules import DemoContext
from fazhi.org.demo import Org
from fazhi.reporting import annual_reports, key_tasks, report_figures, report_publication
from fazhi.reporting.models import AnnualReport, KeyTask, ReportBlock

DRAFTER, APPROVER = "supervisor", "yfzsb_head"

# (area, task, lead agency code, co-agency codes)
TASKS = [
    ("健全政府机构职能体系", "深化“放管服”改革，全面实行行政许可事项清单管理", "XMSZFBGT", ("XMFGW", "XMSCJGJ")),
    ("健全政府机构职能体系", "持续优化营商环境，开展营商环境评价和问题整改", "XMFGW", ("XMSCJGJ", "XMSWJ")),
    ("健全依法行政制度体系", "加强行政规范性文件合法性审核，实现审核全覆盖", "XMSFJ", ()),
    ("健全依法行政制度体系", "开展涉及行政处罚的规范性文件专项清理", "XMSFJ", ("XMSCJGJ", "XMCGJ")),
    ("健全行政决策制度体系", "严格落实重大行政决策程序，公布年度决策事项目录", "XMSZFBGT", ("XMSFJ",)),
    ("健全行政执法工作体系", "全面推行“双随机、一公开”跨部门联合监管", "XMSCJGJ", ("XMWJW", "XMSTHJJ")),
    ("健全行政执法工作体系", "落实行政执法公示、执法全过程记录、重大执法决定法制审核制度", "XMSFJ", ("XMGAJ",)),
    ("健全行政执法工作体系", "推行包容审慎监管，编制轻微违法行为不予处罚清单", "XMSCJGJ", ("XMCGJ",)),
    ("健全突发事件应对体系", "完善突发事件应急预案体系，开展应急演练", "XMYJJ", ()),
    ("健全社会矛盾纠纷行政预防调处化解体系", "推进行政复议体制改革，提高行政复议案件办理质量", "XMSFJ", ()),
    ("健全行政权力制约和监督体系", "全面推进政务公开，按时办理政府信息公开申请", "XMSZFBGT", ("XMSFJ",)),
    ("健全行政权力制约和监督体系", "规范公证摇号等公共资源配置活动的公开透明", "XMJYJ", ()),
    ("加快推进数字法治政府建设", "推进“互联网+监管”，实现执法信息跨部门共享", "XMSFJ", ("XMSCJGJ",)),
]
PROGRESS = ["已制定工作方案，明确责任分工和时间节点。", "已完成阶段性任务，形成工作台账。",
            "主要工作已完成，正在总结评估。"]
NARRATIVE = {
    1: "一年来，全市深入贯彻《法治政府建设实施纲要（2021—2025年）》，全面实行行政许可事项清单管理，"
       "严格落实规范性文件合法性审核和备案审查制度，推行“双随机、一公开”跨部门联合监管，"
       "依法办理政府信息公开申请，政府治理各方面工作法治化水平持续提升。",
    2: "一是部分部门规范性文件起草质量有待提高，合法性审核退回修改的比例仍然较高；"
       "二是个别单位政府信息公开申请办理存在逾期答复情况；三是基层执法人员力量仍然不足。",
    3: "市政府主要负责人认真履行推进法治建设第一责任人职责，定期听取法治政府建设工作汇报，"
       "研究解决重大问题，带头尊法学法守法用法。",
    5: "无。",
}


@dataclass
class Built:
    tasks: int
    report_id: int | None


class Builder:
    def __init__(self, org: Org, rng: random.Random, today: date, clock: list) -> None:
        self.org, self.rng, self.today, self.clock = org, rng, today, clock
        self.office, self.head = org.actor(DRAFTER), org.actor(APPROVER)

    def at(self, day: date, hour: int = 10) -> date:
        self.clock[0] = office_time(day, hour)
        return day

    def tasks(self, year: int, start: date, done_share: float) -> int:
        """The year's key tasks, assigned, with progress up to today (or the year's end)."""
        end = min(self.today, date(year, 12, 20))
        for area, text, lead, co in TASKS:
            self.at(start)
            task = key_tasks.create_task(self.office, year=year, text=text, area_title=area)
            lead_agency = self.org.by_code[lead]
            key_tasks.assign_task(self.office, task, lead_agency_id=lead_agency.pk,
                                 co_agency_ids=[self.org.by_code[c].pk for c in co],
                                 due_on=date(year, 12, 31))
            reporter = self.org.handlers.get(lead_agency.pk)
            if reporter is None:
                continue
            steps = self.rng.randint(0, 3)
            for n in range(steps):
                day = start + timedelta(days=(n + 1) * max(1, (end - start).days) // (steps + 1))
                key_tasks.report_progress(reporter, task, text=PROGRESS[min(n, 2)],
                                         percent=min(100, 30 * (n + 1) + self.rng.randint(0, 9)),
                                         today=self.at(day))
            if steps and self.rng.random() < done_share:
                key_tasks.complete_task(self.org.heads[lead_agency.pk], task, today=self.at(end))
        return len(TASKS)

    def annual_report(self, year: int) -> AnnualReport:
        """Drafted in March, approved by the office's head, published before April."""
        drafted = min(date(year + 1, 3, 10), self.today - timedelta(days=12))
        self.at(drafted)
        report = annual_reports.create_report(self.office, year=year)
        for block in report.blocks.order_by("section", "position"):
            if block.kind == ReportBlock.FIGURE:
                figure, _ = report_figures.live_figure(block.indicator, year, None)
                if figure.missing or figure.value is None or (
                        not figure.value and not figure.denominator):  # nothing to count
                    annual_reports.delete_block(self.office, block.pk)
            elif block.section in NARRATIVE and block.position == 0:
                annual_reports.edit_block(self.office, block.pk, heading="", text=NARRATIVE[block.section])
        self.at(drafted + timedelta(days=7))
        annual_reports.approve_report(self.head, report)
        self.at(drafted + timedelta(days=10))
        return report_publication.publish_report(self.office, report)


def build(ctx: DemoContext) -> Built:
    with simulated_clock() as clock, no_query_log():
        b = Builder(ctx.built["org"], ctx.rng, ctx.today, clock)
        year = ctx.today.year
        count = b.tasks(year - 1, date(year - 1, 2, 20), 0.8)
        count += b.tasks(year, min(date(year, 2, 20), ctx.today), 0.2)
        report = b.annual_report(year - 1)
    return Built(tasks=count, report_id=report.pk)


def report(ctx: DemoContext) -> list[str]:
    built: Built = ctx.built["reporting"]
    found = AnnualReport.objects.get(pk=built.report_id)
    done = KeyTask.objects.filter(status=KeyTask.DONE).count()
    return [f"工作要点任务 {built.tasks} 项（已完成 {done} 项）；已公布《{found.title}》，"
            f"含 {found.figures.count()} 项指标数据。"]

"""The normative app's demo builder: numbering rules for every drafting agency, and a few
hundred normative documents (规范性文件) in every state of the procedure, each drafted,
reviewed (some rounds returned and resubmitted), deliberated, numbered, published, filed
and filing-reviewed through `fazhi.normative.services` with simulated dates; some
expired, some repealed, and a cleanup (清理) with its results applied and published.

Runs after org (agencies and accounts) and, like every builder, only through the app's
services (`fazhi.core.demo.simulate`), so numbers, clocks, events and the library's search
index are what real use produces.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count

from fazhi.core.demo import Planned, simulate
from fazhi.core.modules import DemoContext
from fazhi.law.workdays import WorkCalendar
from fazhi.normative import demo_texts as T
from fazhi.normative import models as m
from fazhi.normative import services as s
from fazhi.normative.procedure import CHECKLIST
from fazhi.org import demo_city as C
from fazhi.org.actors import Actor
from fazhi.org.demo import Org, person_name

LEGAL = "sfj"  # the city's legal office: reviews every document and files the departments'
# the cleanup: documents still citing the 2017 text of the Administrative Penalty Law
CLEANUP_TERM = "（2017年修正）"
CITED = f"《中华人民共和国行政处罚法》{CLEANUP_TERM}"


def cites(basis: str, cited: str) -> str:
    """The legal basis, with the superseded version a cleanup looks for in place of the
    current one when the document cites it (a document names one version of a law)."""
    if not cited:
        return basis
    current = cited.removesuffix(CLEANUP_TERM)
    return basis.replace(current, cited) if current in basis else f"{basis}\n{cited}"


# target state → weight (the share of the documents left in it on --today)
SCENARIOS = {
    "draft": 3, "commenting": 4, "comment_closed": 2, "under_review": 4, "revising": 3,
    "reviewed": 2, "deliberated": 2, "registered": 2, "published": 3, "in_force": 60,
    "repealed": 4, "expired": 5, "withdrawn": 2,
}


@dataclass
class Summary:
    documents: int = 0
    actions: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)


def count_for(cases: int) -> int:
    """200 documents for the default demo (2,000 requests; ~1,900 actions, each about twice
    a disclosure action's cost: more keeps `make run` from its first page in 60 s); at
    least 30, at most 2,000."""
    return max(30, min(2_000, cases // 10))


def configure_numbering(org: Org) -> None:
    """发文编号规则 for every agency that may draft (what an administrator would enter):
    厦府规 for the city government, 厦府办规 for its general office, 思府规… for the
    districts, 厦<first character>规 for a department."""
    rows = []
    for n, spec in enumerate((a for a in C.ALL_AGENCIES if a.weight), start=1):
        agency = org.by_code[spec.code]
        if spec.kind == "government":
            short = "厦府规" if spec.region == C.CITY[0] else f"{spec.short_name[0]}府规"
        elif spec is C.GENERAL_OFFICE:
            short = "厦府办规"
        else:
            short = f"厦{spec.short_name.removeprefix('市')[0]}规"
        rows.append(m.IssuerSeries(issuer=agency, doc_no_prefix=short,
                                   registration_prefix=f"{spec.code}GF",
                                   index_prefix=f"XM{n:05d}-12-01"))
    m.IssuerSeries.objects.bulk_create(rows)


def drafters() -> list[C.AgencySpec]:
    """The agencies the demo's documents come from (the general office drafts none)."""
    return [spec for spec in C.ALL_AGENCIES if spec.weight and spec is not C.GENERAL_OFFICE]


class Plan:
    """The steps of every document, on the simulated calendar."""

    def __init__(self, org: Org, rng: random.Random, cal: WorkCalendar, today: date) -> None:
        self.org, self.rng, self.cal, self.today = org, rng, cal, today
        self.steps: list[Planned] = []
        self.counts: dict[int, int] = {}
        self.cited = 0  # documents within the cleanup's scope
        self.cases: dict[int, int] = {}  # document key → case pk
        self.cleanup_on = today - timedelta(days=75)
        self.reviewer, self.legal_handler = org.actor(f"{LEGAL}_reviewer"), org.actor(f"{LEGAL}_handler")

    def wd(self, day: date, n: int) -> date:
        return self.cal.add_working_days(day, n)

    def add(self, key: int, day: date, run: Callable[[date], object]) -> None:
        if day > self.today:
            return  # not yet: the document stays where the earlier steps left it
        self.counts[key] = n = self.counts.get(key, 0) + 1
        self.steps.append(Planned(day, key, n, run))

    def act(self, key: int, day: date, actor: Actor, action: str, data: dict) -> None:
        self.add(key, day, lambda on: s.act(actor, self.cases[key], action, data, today=on))

    # -- one document -------------------------------------------------------------------

    def document(self, key: int, spec: C.AgencySpec, scenario: str) -> None:
        rng = self.rng
        topic = rng.choice(T.topics_for(spec.code))
        kind = rng.choice(topic.kinds)
        provisional = scenario == "expired" or rng.random() < 0.08
        comment = (topic.market or topic.burdens or scenario in ("commenting", "comment_closed")
                   or rng.random() < 0.5)
        start = self._start(scenario, provisional, comment)
        cited = CITED if (scenario == "in_force" and (rng.random() < 0.25 or self.cited < 4)
                          and start < self.cleanup_on - timedelta(days=200)) else ""
        self.cited += bool(cited)  # at least four, so even a small campaign has every outcome
        agency = self.org.by_code[spec.code]
        handler, head = self.org.handlers[agency.pk], self.org.heads[agency.pk]
        draft = {
            "title": T.title(agency.name, topic, kind, provisional),
            "doc_type": "government" if spec.kind == "government" else "departmental",
            "drafting_unit": f"{agency.short_name}{rng.choice(['法规处', '办公室', '政策法规科'])}",
            "legal_basis": cites(topic.basis, cited),
            "subject": f"{topic.subject}的条件、程序和监督管理",
            "burdens_rights": topic.burdens, "market_related": topic.market,
            "body": T.body(rng, agency.name, topic, kind, cited),
            "drafting_explanation": T.explanation(agency.name, topic),
            "is_provisional": provisional, "co_issuers": []}
        self.add(key, start, lambda on: self.cases.__setitem__(
            key, s.register_draft(handler, draft, today=on).pk))
        if scenario == "draft":
            return
        day = start
        if comment:
            day = self._comment(key, day, handler, scenario, topic.market)
            if scenario in ("commenting", "comment_closed"):
                return
        if scenario == "withdrawn":
            self.act(key, day + timedelta(days=3), head, "withdraw",
                     {"reason": "上位法即将修订，暂缓制定，撤回草案。"})
            return
        day = self._review(key, day, handler, scenario)
        if scenario in ("under_review", "revising", "reviewed"):
            return
        day = self.wd(day, 3)
        self.act(key, day, head, "deliberate", {
            "meeting": f"{agency.short_name}{day.year}年第{rng.randint(2, 30)}次{'常务会议' if spec.kind == 'government' else '局务会议'}",
            "deliberated_on": day.isoformat(), "minutes": "会议审议并原则通过，请起草单位按审核意见修改后印发。"})
        if scenario == "deliberated":
            return
        day = self.wd(day, 2)
        self.act(key, day, handler, "register", {"signed_by": head.label, "signed_on": day.isoformat()})
        if scenario == "registered":
            return
        self._publish(key, self.wd(day, 2), handler, head, spec, scenario)

    def _start(self, scenario: str, provisional: bool, comment: bool) -> date:
        rng, today = self.rng, self.today
        if scenario == "expired":  # provisional, two years, expired within the last year
            return today - timedelta(days=rng.randint(2 * 365 + 130, 3 * 365 - 10))
        if scenario in ("in_force", "repealed"):
            return today - timedelta(days=rng.randint(160, 4 * 365 if not provisional else 600))
        recent = {"draft": (1, 40), "commenting": (3, 20), "comment_closed": (38, 45),
                  "under_review": (1, 6), "revising": (12, 30), "withdrawn": (20, 200),
                  "published": (50, 70)}
        lo, hi = recent.get(scenario, (20, 45))
        if comment and scenario in ("under_review", "revising", "reviewed", "deliberated",
                                    "registered", "published"):
            lo, hi = lo + 40, hi + 40  # a comment period may come first
        return today - timedelta(days=rng.randint(lo, hi))

    def _comment(self, key: int, day: date, handler: Actor, scenario: str, market: bool) -> date:
        # ≥ 30 days for market-related documents (优化营商环境条例 第六十二条), ≥ 7 working
        # days otherwise; a holiday at the end moves the minimum, so keep a margin
        closes = day + timedelta(days=40) if market else self.wd(day, 10)
        if scenario == "commenting":
            closes = max(closes, self.today + timedelta(days=self.rng.randint(3, 20)))
        self.act(key, day, handler, "open_comment",
                 {"opens_on": day.isoformat(), "closes_on": closes.isoformat()})
        if scenario == "commenting":
            for n in range(self.rng.randint(0, 3)):
                text = self.rng.choice(T.COMMENTS)
                who = person_name(self.rng)
                self.add(key, min(self.today, day + timedelta(days=n + 1)), lambda on, text=text, who=who:
                         s.submit_comment(self._document_id(key), {
                             "author_kind": "citizen", "author_name": who, "text": text},
                             ip=f"198.51.100.{key % 250}", today=on))
            return closes
        after = closes + timedelta(days=1)
        self.act(key, after, handler, "close_comment", {"note": "征求意见期满，未收到意见。"})
        return after

    def _document_id(self, key: int) -> int:
        return self.cases[key]  # the document's primary key is its case's

    def _review(self, key: int, day: date, handler: Actor, scenario: str) -> date:
        package = {"consultation_record": "已按规定公开征求意见，意见均已研究处理。",
                   "own_opinion": "经起草单位法制机构审查，本文件制定主体、内容和程序合法。"}
        returned = scenario == "revising" or self.rng.random() < 0.2
        day = self.wd(day, 1)
        self.act(key, day, handler, "submit_review", package)
        if scenario == "under_review":
            return day
        decided = self.wd(day, self.rng.randint(5, 9))
        if returned:
            self.act(key, decided, self.reviewer, "decide", _decision("fail"))
            if scenario == "revising":
                return decided
            day = self.wd(decided, self.rng.randint(3, 8))
            self.act(key, day, handler, "submit_review",
                     package | {"other_materials": "已根据第一轮审核意见修改第三条，附修改对照表。"})
            decided = self.wd(day, self.rng.randint(5, 8))
        self.act(key, decided, self.reviewer, "decide",
                 _decision(self.rng.choice(["pass", "pass", "pass_with_changes"])))
        return decided

    def _publish(self, key: int, day: date, handler: Actor, head: Actor, spec: C.AgencySpec,
                 scenario: str) -> None:
        rng = self.rng
        later = scenario == "published" or rng.random() < 0.15
        effective = day + timedelta(days=30 if later else 0)
        if scenario == "published":  # published, in force on a day still to come
            day = min(day, self.today)
            effective = self.today + timedelta(days=rng.randint(5, 40))
        self.act(key, day, handler, "publish", {
            "published_at": day.isoformat(), "effective_from": effective.isoformat(),
            "interpretation": "本文件的主要内容、适用范围和施行时间解读见政府网站政策解读栏目。"})
        if later and effective <= self.today:
            self.act(key, effective, Actor.system("施行日到期"), "take_effect", {})
        if spec.kind != "government" or spec.region != C.CITY[0]:  # the city's go to the province
            self._filing(key, day, handler)
        if scenario == "repealed":
            end = min(self.today - timedelta(days=1), day + timedelta(days=rng.randint(90, 600)))
            self.act(key, max(end, effective + timedelta(days=1)), head, "repeal", {
                "reason": "上位法已修改，本文件不再适应工作需要。", "effective_on": max(end, effective + timedelta(days=1)).isoformat()})
        if scenario == "expired":
            self.add(key, self.today - timedelta(days=1), lambda on: s.act(
                Actor.system("有效期届满"), self.cases[key], "expire",
                {"valid_until": m.NormativeDocument.objects.get(pk=self.cases[key]).valid_until.isoformat()},
                today=on))

    def _filing(self, key: int, published: date, handler: Actor) -> None:
        rng = self.rng
        filed = self.wd(published, rng.randint(3, 12))
        if filed > self.today:
            return
        self.act(key, filed, handler, "file", {"filed_on": filed.isoformat()})
        roll = rng.random()
        checked = self.wd(filed, 2)
        if roll < 0.05:
            self.act(key, checked, self.legal_handler, "return_filing", {
                "checked_on": checked.isoformat(), "reasons": "报备材料不齐全，缺少起草说明和合法性审核意见书。"})
            filed = self.wd(checked, 3)
            self.act(key, filed, handler, "file", {"filed_on": filed.isoformat(), "note": "补齐材料后重新报备。"})
            checked = self.wd(filed, 2)
        self.act(key, checked, self.legal_handler, "receive", {"checked_on": checked.isoformat()})
        reviewed = self.wd(checked, rng.randint(8, 18))
        if roll > 0.93 or reviewed > self.today:
            return  # still under filing review
        if roll > 0.85:
            self.act(key, reviewed, self.reviewer, "demand_correction", {
                "reviewed_on": reviewed.isoformat(), "opinion": "文件第四条增设的条件缺乏上位法依据。",
                "demand": "请删除第四条第二款增设的申请条件，并于30日内报告纠正情况。"})
            corrected = self.wd(reviewed, 10)
            self.act(key, corrected, self.reviewer, "record_correction", {
                "corrected_on": corrected.isoformat(), "report": "制定机关已发文删除相关条款并重新公布。"})
            return
        self.act(key, reviewed, self.reviewer, "approve", {
            "reviewed_on": reviewed.isoformat(), "opinion": "经审查，该文件符合法律法规规定，予以备案。"})

    # -- the cleanup --------------------------------------------------------------------

    def cleanup(self) -> None:
        on = self.cleanup_on
        state: dict[str, int] = {}

        def start(day: date) -> None:
            campaign = s.create_campaign(self.legal_handler, title=f"{day.year}年涉及行政处罚法的规范性文件专项清理",
                                         trigger="《中华人民共和国行政处罚法》修订施行",
                                         scope_term=CLEANUP_TERM, started_on=day)
            state["campaign"] = campaign.pk
            # every outcome even in a small campaign; most documents stay in force
            outcomes = [m.KEEP, m.DECLARE_INVALID, m.REPEAL, m.AMEND, m.KEEP, m.KEEP, m.KEEP]
            for n, item in enumerate(campaign.items.select_related("document__issuer").order_by("pk")):
                outcome = outcomes[n % len(outcomes)]
                s.decide_item(self.legal_handler, item.pk, outcome=outcome,
                              reason=CLEANUP_REASONS[outcome],
                              responsible_agency=item.document.issuer.code, today=day)

        self.add(-1, on, start)
        self.add(-1, on + timedelta(days=20), lambda day: s.apply_campaign(
            self.legal_handler, state["campaign"], decision_no=f"厦司清〔{day.year}〕1号", today=day))
        self.add(-1, on + timedelta(days=25), lambda day: s.publish_campaign(
            self.legal_handler, state["campaign"], today=day))


CLEANUP_REASONS = {m.KEEP: "与修订后的行政处罚法不抵触，继续有效。",
                   m.AMEND: "部分条款与修订后的行政处罚法不一致，需要修改。",
                   m.REPEAL: "调整对象已消失，予以废止。",
                   m.DECLARE_INVALID: "适用期已过，宣布失效。"}


def _decision(outcome: str) -> dict:
    data = {key: "ok" for key in CHECKLIST} | {"outcome": outcome,
                                                 "opinion": "经审核，该文件制定主体合法，未超越法定职权。"}
    if outcome != "pass":
        data["c5_rights"] = "problem" if outcome == "fail" else "ok"
        data["reasons"] = "第三条增设的申请条件缺乏上位法依据，应当删除或者修改。"
    return data


def build(ctx: DemoContext) -> Summary:
    """Numbering rules, then `count_for(ctx.cases)` documents and one cleanup."""
    from fazhi.holidays.services import current_calendar

    started = time.perf_counter()
    org: Org = ctx.built["org"]
    configure_numbering(org)
    plan = Plan(org, ctx.rng, current_calendar(), ctx.today)
    specs = drafters()
    weights = [spec.weight * (3 if spec.kind == "government" else 1) for spec in specs]
    names = list(SCENARIOS)
    count = count_for(ctx.cases)
    order = names + ctx.rng.choices(names, [SCENARIOS[n] for n in names], k=count - len(names))
    for key, scenario in enumerate(order):
        plan.document(key, ctx.rng.choices(specs, weights)[0], scenario)
    plan.cleanup()
    summary = Summary(documents=count)
    summary.actions = simulate(plan.steps, summary.failures)
    ctx.failures.extend(f"规范性文件 {f}" for f in summary.failures)
    summary.seconds = time.perf_counter() - started
    return summary


def report(ctx: DemoContext) -> list[str]:
    summary: Summary = ctx.built["normative"]
    states = dict(m.NormativeDocument.objects.values_list("status").annotate(n=Count("pk")))
    return [f"规范性文件 {summary.documents:,} 件、{summary.actions:,} 个操作，用时 {summary.seconds:.1f} 秒。",
            "  " + "，".join(f"{m.STATUS_LABELS[k]} {n:,}" for k, n in sorted(states.items())),
            f"  发文编号规则 {m.IssuerSeries.objects.count()} 个制定机关；清理 "
            f"{m.CleanupCampaign.objects.count()} 次（{m.CleanupItem.objects.count()} 件文件）。"]

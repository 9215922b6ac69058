"""Historic petitions (信访事项) as a kind of `fazhi import petitions FILE` (CSV or XLSX):
classified by the rules of 《信访工作条例》第三十一条 and assigned to the competent body
(fazhi.petitions.routing), all-or-nothing with row errors (the two passes and the file
reading are fazhi.subjects.importer's; registered in apps.ready). ADR 0047.

A million rows cannot go through `open_case`/`advance` one action at a time (about 260
actions a second), so the second pass writes, in batches, the rows the engine would have
written for the same history: the case (its number from the same gapless counter), the
petition, the parts (owner, competent body), the clocks with their evaluated due dates and
explanations, and the events of each step — `open`, `transfer`, `accept`, `answer`,
`close` — hash-chained as `fazhi.core.chains.append_event` chains them, each recording the
state it produced, with the payloads the effects record. `fazhi verify-ledger` checks them
like any other case. Differences from live intake, deliberate: the actor of every event is
the system (历史数据导入); a historic matter has no receipt code (the petitioner never had
one) and no messages are queued (the petitioner was told at the time).

What each row becomes (dates: 收到日期 ≤ 受理日期 ≤ 处理意见送达日期 ≤ today):
- routed by 第三十一条（一）–（五）: registered, then classified by the receiving office on the
  acceptance date and closed as `routed`, with the destination the rule names;
- (六) a petition: registered; transferred on the day of receipt to the competent body
  (unless that is the receiving office itself); accepted on the acceptance date (the 60-day
  handling clock starts); with an opinion, answered on its service date; once the
  petitioner's 30 days to request a review have run (第三十五条), closed the next day.
"""

from __future__ import annotations

from collections import Counter as Tally
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from django.db import connection
from django.utils import timezone

from fazhi.cases import procedure as registry
from fazhi.cases.models import Case, Clock, Counter, Participant
from fazhi.cases.parties import party_key
from fazhi.core.models import Event
from fazhi.holidays.services import current_calendar
from fazhi.law import ledger, timelimits
from fazhi.law.inputs import InputError, identifier
from fazhi.org.models import Agency
from fazhi.petitions import guards, routing
from fazhi.petitions import models as m
from fazhi.petitions.limits import IN_FORCE, LAW
from fazhi.subjects.importer import Column, ImportReport, Kind, agencies, regions, register

ACTOR = "历史数据导入"
CHANNELS = {code: code for code, _ in m.CHANNELS} | {label: code for code, label in m.CHANNELS}
OPINIONS = {code: code for code, _ in m.OPINIONS} | {label: code for code, label in m.OPINIONS}
PLACEHOLDER = "见原信访处理意见书（历史数据导入）"
LIMITS_TEXT = {"petitioner_name": 100, "subject": 200, "request": 5000, "facts": 20000,
               "petitioner_contact": 100, "petitioner_address": 200, "about": 200,
               "category": 40}


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip().replace("/", "-"))
    except ValueError:
        return None


@register
class Petitions(Kind):
    name, label = "petitions", "历史信访事项"
    columns = [
        Column("office", "登记机关"), Column("received_on", "收到日期"),
        Column("channel", "信访形式"), Column("petitioner_name", "信访人"),
        Column("petitioner_id", "身份证件号码"), Column("petitioner_contact", "联系方式", False),
        Column("petitioner_address", "通信地址", False), Column("subject", "信访事项"),
        Column("request", "信访请求"), Column("facts", "事实和理由"),
        Column("about", "反映对象", False), Column("category", "问题类别", False),
        Column("district", "所在区", False), Column("competent", "办理机关", False),
        Column("accepted_on", "受理日期", False), Column("opinion", "处理意见", False),
        Column("answered_on", "处理意见送达日期", False),
    ]
    model = m.Petition

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self.today = today or timezone.localdate()
        self.regions = regions()
        self.agencies = agencies()
        self.names = dict(Agency.objects.values_list("pk", "name"))
        codes = dict(Agency.objects.values_list("pk", "code"))
        self.codes = codes
        governments: dict[int, int] = {}
        for pk, region in (Agency.objects.filter(kind="government").order_by("code")
                           .values_list("pk", "region_id")):
            governments.setdefault(region, pk)
        self.assignment = routing.Assignment(self.regions, self.agencies, governments)
        self.rules = routing.rules()
        self.proc = registry.get("petition")
        # 第二十条、第三十六条: matters pending or final in the database, by (id, matter key)
        rows = (m.Petition.objects.filter(case__is_open=True) | m.Petition.objects.filter(final=True))
        self.pending: dict[tuple[str, str], str] = {}
        self.final: dict[tuple[str, str], str] = {}
        for pid, key, final, number in rows.values_list("petitioner_id", "matter_key", "final",
                                                        "case__number"):
            (self.final if final else self.pending)[(pid, key)] = number
        self.calendar = current_calendar()
        self._due: dict[tuple[str, date, date], timelimits.Deadline] = {}
        self._writing = False

    # -- pass 1 ---------------------------------------------------------------------
    def key(self, row: dict[str, str]) -> str:
        return ""

    def check(self, number: int, row: dict[str, str], report: ImportReport) -> None:
        plan = self.plan(row, lambda column, reason: report.add(number, column, reason))
        if plan is None or plan["state"] in ("routed", "closed"):
            return
        # a matter still open after import: not accepted twice (第二十条)
        k = (plan["petitioner_id"], plan["key"])
        first = self.seen.setdefault(f"{k[0]}/{k[1]}", number)
        if first != number:
            report.add(number, "信访事项", f"与第 {first} 行为同一信访人的同一事项，且均未办结，"
                                       f"不予重复受理（{LAW}第二十条）")

    def plan(self, row: dict[str, str], error) -> dict[str, Any] | None:  # noqa: ANN001
        """Everything a row becomes, or None after reporting its errors through `error`."""
        bad = False

        def fail(column: str, reason: str) -> None:
            nonlocal bad
            bad = True
            error(column, reason)

        office = self.agencies.get(row["office"])
        if office is None:
            fail("登记机关", f"“{row['office']}”不是已登记的机关代码或名称")
        received = _date(row["received_on"])
        if received is None:
            fail("收到日期", "日期格式不正确（应为 YYYY-MM-DD）")
        elif received < IN_FORCE:
            fail("收到日期", f"早于{LAW}的施行日期（{IN_FORCE:%Y-%m-%d}）")
        elif received > self.today:
            fail("收到日期", "不能晚于今天")
        channel = CHANNELS.get(row["channel"])
        if channel is None:
            fail("信访形式", "应为网上信访、来信、来访、来电或传真")
        for key, label in (("petitioner_name", "信访人"), ("subject", "信访事项"),
                           ("request", "信访请求"), ("facts", "事实和理由")):
            if len(row.get(key, "").strip()) < (1 if key == "petitioner_name" else 2):
                fail(label, "必须填写")
        for key, limit in LIMITS_TEXT.items():
            if len(row.get(key, "")) > limit:
                fail(next(c.label for c in self.columns if c.key == key), f"不能超过 {limit} 个字符")
        try:
            pid = identifier(row["petitioner_id"])
        except InputError as exc:
            pid = ""
            fail("身份证件号码", str(exc))
        else:
            if not 6 <= len(pid) <= 40:
                fail("身份证件号码", "应为 6 至 40 个字符")
        category = row.get("category", "")
        rule = routing.classify(category, row["subject"], row["request"], row["facts"],
                                using=self.rules)
        key = guards.matter_key(row["subject"])
        if pid and (pid, key) in self.final:
            fail("信访事项", f"该信访事项已经复核终结（{self.final[(pid, key)]}），以同一事实和理由"
                         f"再次提出的不再受理（{LAW}第三十六条）")
        accepted = received
        if row.get("accepted_on"):
            accepted = _date(row["accepted_on"])
            if accepted is None:
                fail("受理日期", "日期格式不正确（应为 YYYY-MM-DD）")
            elif received and not received <= accepted <= self.today:
                fail("受理日期", "应在收到日期至今天之间")
        opinion = OPINIONS.get(row.get("opinion", "")) if row.get("opinion") else ""
        if opinion is None:
            fail("处理意见", "应为予以支持、解释说明或不予支持")
        answered = _date(row["answered_on"]) if row.get("answered_on") else None
        if row.get("answered_on") and answered is None:
            fail("处理意见送达日期", "日期格式不正确（应为 YYYY-MM-DD）")
        if bool(opinion) != bool(row.get("answered_on")):
            fail("处理意见", "处理意见与处理意见送达日期须同时填写")
        if opinion and rule.route != "petition":
            fail("处理意见", f"按{rule.citation}导入其他法定途径的事项不出具信访处理意见")
        if answered and accepted and not accepted <= answered <= self.today:
            fail("处理意见送达日期", "应在受理日期至今天之间")
        competent = None
        region = self.regions.get(row["district"]) if row.get("district") else None
        if row.get("district") and region is None:
            fail("所在区", f"“{row['district']}”不是已登记的行政区划代码或名称")
        if row.get("competent"):
            competent = self.agencies.get(row["competent"])
            if competent is None:
                fail("办理机关", f"“{row['competent']}”不是已登记的机关代码或名称")
        elif rule.route == "petition" and not bad:
            competent = self.assignment.competent(region, category)
            if competent is None:
                fail("办理机关", "无法按所在区和问题类别确定有权处理的机关：请填写办理机关或所在区")
        if pid and rule.route == "petition" and (pid, key) in self.pending:
            fail("信访事项", f"该信访事项正在办理（{self.pending[(pid, key)]}），"
                         f"不予重复受理（{LAW}第二十条）")
        if bad:
            return None
        state = "routed" if rule.route != "petition" else "accepted"
        closed_on = None
        if answered:
            state = "answered"
            review_due = self._deadline("review_request", answered, answered).due
            if review_due < self.today:
                state, closed_on = "closed", review_due + timedelta(days=1)
        return {"office": office, "received": received, "channel": channel, "pid": pid,
                "petitioner_id": pid, "key": key, "rule": rule, "accepted": accepted,
                "opinion": opinion, "answered": answered, "competent": competent,
                "state": state, "closed_on": closed_on}

    def _deadline(self, key: str, started: date, today: date) -> timelimits.Deadline:
        """A clock's evaluation, shared by clocks of the same code and start (and day)."""
        found = self._due.get((key, started, today))
        if found is None:
            found = timelimits.evaluate(self.proc.limit(key), self.calendar, started, today=today)
            self._due[(key, started, today)] = found
        return found

    # -- pass 2 ---------------------------------------------------------------------
    def write(self, batch: list[dict[str, str]]) -> None:
        if not self._writing:
            self._writing = True
            if connection.vendor == "sqlite":  # a bulk write reads no page twice: no memory
                with connection.cursor() as cursor:  # map (its pages would count as RSS)
                    cursor.execute("PRAGMA mmap_size=0")
        plans = [self.plan(row, _raise) for row in batch]
        ids = _case_ids(len(plans))
        numbers = self._numbers(plans)
        at = timezone.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        out = Rows(connection.vendor == "sqlite")
        for case_id, number, row, plan in zip(ids, numbers, batch, plans, strict=True):
            self._history(out, case_id, number, row, plan, at)
        out.flush()

    def _numbers(self, plans: list[dict]) -> list[str]:
        """Case numbers from the engine's gapless counter (`case:petition:<office code>`,
        one per receipt year), taken a batch at a time: one UPDATE per office and year."""
        prefix = self.proc.number_prefix or self.proc.code.upper()
        want = Tally((plan["office"], plan["received"].year) for plan in plans)
        first: dict[tuple[int, int], int] = {}
        q = connection.ops.quote_name
        for (office, year), n in want.items():
            key = f"case:{self.proc.code}:{self.codes[office]}"
            Counter.objects.bulk_create([Counter(key=key, year=year, value=0)],
                                        ignore_conflicts=True)
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {q(Counter._meta.db_table)} SET {q('value')} = "
                               f"{q('value')} + %s WHERE {q('key')} = %s AND {q('year')} = %s "
                               f"RETURNING {q('value')}", [n, key, year])
                first[(office, year)] = cursor.fetchone()[0] - n + 1
        out = []
        for plan in plans:
            k = (plan["office"], plan["received"].year)
            out.append(f"{self.codes[plan['office']]}-{prefix}-{k[1]}-{first[k]:05d}")
            first[k] += 1
        return out

    def _history(self, out: Rows, case_id: int, number: str, row: dict[str, str], plan: dict,
                 at: str) -> None:
        office, received, rule = plan["office"], plan["received"], plan["rule"]
        chain = _Chain(case_id, at)
        clocks: dict[str, list] = {}

        def start(key: str, on: date) -> None:
            d = self._deadline(key, on, on)
            limit = self.proc.limit(key)
            clocks[key] = [limit.code, limit.party, on, d.due, d.provisional, d.paused,
                           d.explanation, Clock.RUNNING, None]

        def finish(key: str, on: date) -> None:
            c = clocks.get(key)
            if c is not None and c[7] == Clock.RUNNING:
                c[7], c[8] = (Clock.MET if on <= c[3] else Clock.MISSED), on

        # open (effects.register)
        start("accept", received)
        chain.add("open", {"channel": plan["channel"], "subject": row["subject"].strip(),
                           "group_size": 1, "matter_key": plan["key"]}, "received", True, "")
        competent = None
        mode = ""
        if rule.route != "petition":  # the receiving office classifies (effects.accept)
            finish("accept", plan["accepted"])
            chain.add("accept", {"route": rule.route, "routed_to": rule.routed_to, "note": ""},
                      "routed", False, "routed")
            closed_on, accepted_on = plan["accepted"], None
        else:
            if plan["competent"] != office:  # effects.transfer, on the day of receipt
                competent, mode = plan["competent"], "transfer"
                finish("accept", received)
                start("receive", received)
                start("objection", received)
                chain.add("transfer", {"agency_id": competent, "mode": mode,
                                       "report_required": False, "note": "",
                                       "agency": self.names[competent]}, "transferred", True, "")
            accepted_on = plan["accepted"]
            for key in ("accept", "receive", "objection"):
                finish(key, accepted_on)
            start("handle", accepted_on)
            chain.add("accept", ACCEPTED, "accepted", True, "")
            closed_on = None
            if plan["answered"]:
                served = plan["answered"]
                finish("handle", served)
                start("review_request", served)
                chain.add("answer", {"opinion": plan["opinion"], "findings": PLACEHOLDER,
                                     "reasons": PLACEHOLDER, "basis": PLACEHOLDER,
                                     "served_on": served.isoformat()}, "answered", True, "")
                if plan["closed_on"]:
                    closed_on = plan["closed_on"]
                    clocks["review_request"][7] = Clock.CANCELLED
                    chain.add("close", CLOSED, "closed", False, "answered")
        state, is_open, outcome = chain.last
        running = [c for c in clocks.values() if c[7] == Clock.RUNNING and not c[1]]
        due = min((c[3] for c in running), default=None)
        provisional = any(c[4] for c in running if c[3] == due) if due else False
        out.case(case_id, number, office, row["subject"].strip()[:200], state, is_open, received,
                 _noon(received), _noon(closed_on) if closed_on else None, outcome, due,
                 provisional, chain.seq, chain.prev, party_key(plan["pid"]))  # the citizen view's key
        out.petition(case_id, plan, row, rule, competent, mode, accepted_on)
        out.part(case_id, office, registry.OWNER, 1)
        if competent is not None:  # done when the matter ends (effects._done)
            out.part(case_id, competent, "competent", 2, active=is_open)
        for c in clocks.values():
            out.clock(case_id, c)
        out.events.extend(chain.events)


def _raise(column: str, reason: str) -> None:
    raise RuntimeError(f"pass 2 found a row pass 1 accepted invalid: {column}: {reason}")


def _noon(day: date) -> datetime:
    """As the engine stamps an action recorded for another day (engine._moment)."""
    return timezone.make_aware(datetime.combine(day, time(12)))


class _Chain:
    """One case's events, hashed as append_event hashes them."""

    def __init__(self, case_id: int, at: str) -> None:
        self.case_id, self.at = case_id, at
        self.seq, self.prev = 0, ""
        self.events: list[tuple] = []
        self.last: tuple[str, bool, str] = ("", True, "")

    def add(self, action: str, payload: dict | str, state: str, is_open: bool,
            outcome: str) -> None:
        body = payload if isinstance(payload, str) else ledger.canonical_payload(payload)
        text = _state_text(state, is_open, outcome)
        prev = self.prev or ledger.GENESIS
        self.seq += 1
        digest = ledger.event_hash(Case.history_kind, self.case_id, self.seq, action, ACTOR,
                                   self.at, body, text, prev)
        self.events.append((Case.history_kind, self.case_id, self.seq, action, ACTOR, "system",
                            None, self.at, body, text, prev, digest))
        self.prev, self.last = digest, (state, is_open, outcome)


@cache
def _state_text(state: str, is_open: bool, outcome: str) -> str:
    """What an event records of the case (Case.history_state), as `ledger_state` writes it."""
    return ledger.canonical_payload(dict(zip(Case.history_state, (state, is_open, outcome),
                                             strict=True)))


ACCEPTED = ledger.canonical_payload({"route": "petition", "routed_to": "", "note": ""})
CLOSED = ledger.canonical_payload({"note": ""})


def _case_ids(n: int) -> list[int]:
    """n fresh case ids: the sequence's next values (PostgreSQL), or after the largest id
    (SQLite, whose writers the import's transaction excludes)."""
    table = Case._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
                           "FROM generate_series(1, %s)", [n])
            return sorted(r[0] for r in cursor.fetchall())
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        top = cursor.fetchone()[0]
    return list(range(top + 1, top + n + 1))


CASE_COLUMNS = ("id", "procedure", "procedure_version", "number", "agency_id", "title", "state",
                "is_open", "applicant_name", "received_on", "opened_at", "closed_at", "outcome",
                "due_on", "due_provisional", "receipt_code", "event_count", "head_hash",
                "party_key")
PETITION_COLUMNS = ("case_id", "channel", "petitioner_name", "petitioner_id",
                    "petitioner_contact", "petitioner_address", "representatives", "group_size",
                    "subject", "request", "facts", "about", "matter_key", "related_number",
                    "competent_id", "mode", "report_required", "route", "routed_to",
                    "accepted_on", "extension_reason", "opinion", "answered_on",
                    "review_requested_on", "review_result", "reviewed_on",
                    "rereview_requested_on", "rereview_result", "final", "supervisions",
                    "campaign")
PART_COLUMNS = ("case_id", "agency_id", "role", "active", "since_seq")
CLOCK_COLUMNS = ("case_id", "code", "party", "started_on", "note", "stops", "extended", "due_on",
                 "provisional", "paused", "explanation", "state", "finished_on")
EVENT_COLUMNS = ("kind", "owner_id", "seq", "action", "actor", "actor_kind", "actor_user_id",
                 "at", "payload", "state", "prev_hash", "hash")


class Rows:
    """A batch's rows per table, written with the driver's executemany (SQLite) or COPY
    (PostgreSQL); on SQLite dates and times as Django stores them there."""

    def __init__(self, sqlite: bool) -> None:
        self.sqlite = sqlite
        self.cases: list[tuple] = []
        self.petitions: list[tuple] = []
        self.parts: list[tuple] = []
        self.clocks: list[tuple] = []
        self.events: list[tuple] = []

    def _d(self, value: date | None) -> Any:
        return value.isoformat() if self.sqlite and value is not None else value

    def _t(self, value: datetime | None) -> Any:
        if value is None or not self.sqlite:
            return value
        return connection.ops.adapt_datetimefield_value(value)

    def case(self, pk: int, number: str, agency: int, title: str, state: str, is_open: bool,
             received: date, opened: datetime, closed: datetime | None, outcome: str,
             due: date | None, provisional: bool, count: int, head: str, party: str) -> None:
        self.cases.append((pk, "petition", "2022", number, agency, title, state, is_open, "",
                           self._d(received), self._t(opened), self._t(closed), outcome,
                           self._d(due), provisional, None, count, head, party))

    def petition(self, pk: int, plan: dict, row: dict[str, str], rule: routing.Rule,
                 competent: int | None, mode: str, accepted: date | None) -> None:
        self.petitions.append((
            pk, plan["channel"], row["petitioner_name"].strip(), plan["pid"],
            row.get("petitioner_contact", ""), row.get("petitioner_address", ""), "[]", 1,
            row["subject"].strip(), row["request"].strip(), row["facts"].strip(),
            row.get("about", ""), plan["key"], "", competent, mode, False, rule.route,
            rule.routed_to, self._d(accepted), "", plan["opinion"], self._d(plan["answered"]),
            None, "", None, None, "", False, 0, ""))

    def part(self, pk: int, agency: int, role: str, seq: int, active: bool = True) -> None:
        self.parts.append((pk, agency, role, active, seq))

    def clock(self, pk: int, c: list) -> None:
        code, party, started, due, provisional, paused, explanation, state, finished = c
        self.clocks.append((pk, code, party, self._d(started), "", "[]", False, self._d(due),
                            provisional, paused, explanation, state, self._d(finished)))

    def flush(self) -> None:
        for model, cols, rows in ((Case, CASE_COLUMNS, self.cases),
                                  (m.Petition, PETITION_COLUMNS, self.petitions),
                                  (Participant, PART_COLUMNS, self.parts),
                                  (Clock, CLOCK_COLUMNS, self.clocks),
                                  (Event, EVENT_COLUMNS, self.events)):
            if rows:
                _insert(model._meta.db_table, cols, rows)


def _insert(table: str, cols: tuple[str, ...], rows: list[tuple]) -> None:
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur, cur.cursor.copy(
                f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["?"] * len(cols))
    # the driver's own executemany: Django's wrapper costs several times more here
    connection.connection.executemany(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", rows)

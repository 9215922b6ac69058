"""`fazhi import petitions FILE`: historic petitions classified by the rules of
《信访工作条例》第三十一条, assigned by district and matter, written as the engine writes a case
(ledger, clocks, parts), all-or-nothing with row errors (ADR 0047)."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from fazhi.cases.models import Case, Clock, Participant
from fazhi.core import ledger
from fazhi.core.chains import chain_problems
from fazhi.petitions import routing, services
from fazhi.petitions.models import Petition
from fazhi.petitions.tests.factories import intake
from fazhi.subjects.importer import run_import

TODAY = date.today()
DAY = TODAY - timedelta(days=200)
HEADER = ["登记机关", "收到日期", "信访形式", "信访人", "身份证件号码", "信访事项", "信访请求",
          "事实和理由", "问题类别", "所在区", "办理机关", "受理日期", "处理意见", "处理意见送达日期"]


def row(n: int = 1, **kw) -> dict:
    base = {"登记机关": "XMXFJ", "收到日期": DAY.isoformat(), "信访形式": "来信",
            "信访人": f"陈某{n}", "身份证件号码": f"35020319800101{n:04d}",
            "信访事项": f"小区违建影响采光{n}", "信访请求": "请求依法拆除违法建筑",
            "事实和理由": "邻居加建三层，遮挡采光。", "问题类别": "城乡建设", "所在区": "思明区"}
    return base | kw


def write(tmp_path: Path, rows: list[dict], name: str = "p.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, HEADER)
        out.writeheader()
        out.writerows(rows)
    return path


def test_rules_route_the_six_ways_of_article_31():
    """《信访工作条例》第三十一条: (一)–(五) go to their own procedures, (六) is a petition."""
    assert routing.classify("涉法涉诉", "判决不公").route == "litigation"
    assert routing.classify("", "拖欠工资", "已申请劳动仲裁").route == "arbitration"
    assert routing.classify("党员申诉", "不服处分").route == "party"
    assert routing.classify("", "对罚款决定不服", "请求行政复议").route == "administrative"
    assert routing.classify("", "举报餐馆无证经营").route == "duty"
    assert routing.classify("城乡建设", "小区违建影响采光").route == "petition"
    # litigation before administrative: a 行政诉讼 names both
    assert routing.classify("", "已向人民法院起诉行政复议决定").route == "litigation"
    assert routing.classify("", "x").citation == "《信访工作条例》第三十一条第（六）项"


def test_rules_as_data_are_checked_art_31():
    """第三十一条: a rule routes to (一)–(五) and names the destination."""
    rules = routing.load_rules([{"route": "duty", "keywords": ["噪音"], "routed_to": "生态环境局"}])
    assert routing.classify("", "夜间施工噪音", using=rules).routed_to == "生态环境局"
    with pytest.raises(ValueError, match="第（一）至（五）项"):
        routing.load_rules([{"route": "petition", "keywords": ["x"], "routed_to": "某局"}])
    with pytest.raises(ValueError, match="导入的程序及机关"):
        routing.load_rules([{"route": "duty", "keywords": ["x"], "routed_to": ""}])


def test_import_classifies_assigns_and_writes_engine_rows(world, tmp_path):
    """A routed matter closes as routed (第三十一条（四）); a petition goes to the district's
    government (no mapping: 属地管理, 第二十一条) or the named body, with the events, clocks and
    parts an engine-run case has, and a ledger that verifies."""
    answered = DAY + timedelta(days=40)
    path = write(tmp_path, [
        row(1, 信访事项="不服罚款", 信访请求="请求撤销行政处罚决定", 问题类别=""),
        row(2),
        row(3, 办理机关="厦门市思明区建设与交通局", 受理日期=(DAY + timedelta(days=3)).isoformat(),
            处理意见="不予支持", 处理意见送达日期=answered.isoformat()),
    ])
    report = run_import("petitions", path)
    assert report.ok, report.errors
    assert report.created == 3
    routed, plain, closed = (Petition.objects.select_related("case").get(petitioner_name=f"陈某{n}")
                             for n in (1, 2, 3))
    assert (routed.route, routed.case.state, routed.case.is_open, routed.case.outcome) == \
        ("administrative", "routed", False, "routed")
    assert "行政复议" in routed.routed_to
    assert plain.competent == world.district and plain.case.state == "accepted"
    assert plain.case.due_on == DAY + timedelta(days=60)  # 第三十二条: 60 days
    assert closed.competent == world.bureau and closed.case.state == "closed"
    assert closed.case.outcome == "answered" and closed.opinion == "not_support"
    assert [e.action for e in closed.case.events] == ["open", "transfer", "accept", "answer",
                                                       "close"]
    assert set(Participant.objects.filter(case=closed.case).values_list("role", "agency_id")) \
        == {("owner", world.office.pk), ("competent", world.bureau.pk)}
    assert closed.case.number.startswith(f"XMXFJ-XF-{DAY.year}-")
    for p in (routed, plain, closed):
        assert chain_problems(p.case) == []
    result = ledger.verify()
    assert result.ok, result.problems[:5]
    # the district's government handles the imported matter on with the engine
    services.act(plain.case, "answer", world.district_handler,
                 {"opinion": "explain", "findings": "查明", "reasons": "理由", "basis": "依据",
                  "served_on": TODAY.isoformat()}, today=TODAY)
    assert Case.objects.get(pk=plain.case.pk).state == "answered"


def test_an_imported_case_equals_the_engine_run_case(world, tmp_path):
    """Same history, same rows: states, payloads, clocks (due dates, explanations, met or
    missed) of an imported petition and of one run through open_case/advance."""
    accepted, served = DAY + timedelta(days=2), DAY + timedelta(days=30)
    live = services.receive(world.office, world.office_handler,
                            intake(subject="另一事项", petitioner_id="350203198001019999"),
                            received_on=DAY, today=DAY)
    services.act(live, "transfer", world.office_handler,
                 {"agency_id": world.bureau.pk, "mode": "transfer"}, today=DAY)
    services.act(live, "accept", world.bureau_handler, {"route": "petition"}, today=accepted)
    services.act(live, "answer", world.bureau_handler,
                 {"opinion": "support", "findings": "见原信访处理意见书（历史数据导入）",
                  "reasons": "见原信访处理意见书（历史数据导入）",
                  "basis": "见原信访处理意见书（历史数据导入）", "served_on": served.isoformat()},
                 today=served)
    close_day = Clock.objects.get(case=live, code="petition.review_request").due_on + \
        timedelta(days=1)
    services.act(live, "close", world.office_handler, {}, today=close_day)
    run_import("petitions", write(tmp_path, [row(
        7, 信访事项="另一事项", 信访形式="letter", 办理机关="XMSMQJSJ", 受理日期=accepted.isoformat(),
        处理意见="予以支持", 处理意见送达日期=served.isoformat())]))
    imported = Case.objects.get(petition__petitioner_name="陈某7")
    live = Case.objects.get(pk=live.pk)

    def clocks(case):
        return sorted(Clock.objects.filter(case=case).values_list(
            "code", "party", "started_on", "due_on", "explanation", "state", "finished_on",
            "provisional"))

    def events(case):
        return [(e.action, e.payload, e.state) for e in case.events]

    def parts(case):
        return sorted(Participant.objects.filter(case=case).values_list(
            "agency_id", "role", "active", "since_seq"))

    assert parts(imported) == parts(live)
    assert ("competent" , False) in {(r, a) for _, r, a, _ in parts(live)}  # done on close
    assert clocks(imported) == clocks(live)
    assert events(imported) == events(live)
    for field in ("state", "is_open", "outcome", "due_on", "closed_at", "title", "event_count"):
        assert getattr(imported, field) == getattr(live, field), field
    # keyed for the citizen view as the engine keys a live case (ADR 0045)
    from fazhi.cases.parties import party_key
    assert imported.party_key == party_key(imported.petition.petitioner_id) != ""
    assert live.party_key == party_key(live.petition.petitioner_id)


def test_bad_rows_are_listed_and_nothing_is_written(world, tmp_path):
    """All-or-nothing: each bad row named with its column; not one case is written."""
    path = write(tmp_path, [
        row(1),
        row(2, 登记机关="不存在的局"),
        row(3, 收到日期="2021-01-01"),  # before 《信访工作条例》 took effect
        row(4, 身份证件号码="３５０２０３１９８００１０１００４"),  # full-width: folded, fine
        row(5, 处理意见="予以支持"),  # no service date
        row(6, 信访事项="不服罚款", 信访请求="请求行政复议", 处理意见="予以支持",
            处理意见送达日期=(DAY + timedelta(days=9)).isoformat()),
        row(7, 所在区="火星区"),
        row(1),  # the same open matter twice (第二十条)
        row(9, 信访形式="飞鸽传书"),
    ])
    report = run_import("petitions", path)
    assert not report.ok
    found = {(e.row, e.column) for e in report.errors}
    assert found == {(3, "登记机关"), (4, "收到日期"), (6, "处理意见"), (7, "处理意见"),
                     (8, "所在区"), (9, "信访事项"), (10, "信访形式")}
    assert any("第二十条" in e.reason for e in report.errors if e.row == 9)
    assert any("第三十一条" in e.reason for e in report.errors if e.row == 7)
    assert not Case.objects.exists() and not Petition.objects.exists()


def test_a_final_matter_is_refused_art_36(world, tmp_path):
    """第三十六条: the same facts and grounds after a final re-review are not accepted."""
    world.final(DAY - timedelta(days=150))
    report = run_import("petitions", write(tmp_path, [row(
        1, 身份证件号码="350203198001011234", 信访事项="小区违建 影响采光")]))
    assert not report.ok and "第三十六条" in report.errors[0].reason


def test_a_failure_while_writing_rolls_back(world, tmp_path, monkeypatch):
    """A failure in the second pass leaves nothing written (one transaction)."""
    from fazhi.petitions import importer

    calls = []

    def boom(*args):
        calls.append(args)
        if len(calls) > 1:
            raise RuntimeError("disk full")
        return original(*args)

    original = importer._insert
    monkeypatch.setattr(importer, "_insert", boom)
    with pytest.raises(RuntimeError):
        run_import("petitions", write(tmp_path, [row(1), row(2)]))
    assert not Case.objects.exists() and not Petition.objects.exists()


def test_command_exit_and_assignment_from_settings(world, tmp_path, settings, capsys):
    """`fazhi import petitions FILE`; a district + category mapping picks the body."""
    settings.FAZHI_PETITION_ASSIGNMENT = [{"district": "思明区", "category": "城乡建设",
                                           "agency": "XMSMQJSJ"}]
    call_command("import", "petitions", str(write(tmp_path, [row(1)])), "--no-progress")
    assert Petition.objects.get().competent == world.bureau
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import", "petitions", str(write(tmp_path, [row(2, 收到日期="x")], "b.csv")),
                     "--no-progress")


def test_xlsx_is_read_too(world, tmp_path):
    """The same columns from an Excel workbook (dates as Excel dates)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    values = row(1) | {"收到日期": DAY}
    sheet.append([values.get(name, "") for name in HEADER])
    path = tmp_path / "p.xlsx"
    book.save(path)
    report = run_import("petitions", path)
    assert report.ok, report.errors
    assert Petition.objects.get().case.received_on == DAY

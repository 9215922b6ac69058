"""The inbox as the ledger of everything an agency handled: closed cases, search, sorts,
state options, exports; time left counted in the limit's unit."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.cases.remaining import remaining
from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories
from fazhi.holidays.services import current_calendar
from fazhi.law.timelimits import Unit
from fazhi.workspace import exports
from fazhi.workspace.inbox import state_options

pytestmark = pytest.mark.django_db


def login(client: Client, username: str) -> Client:
    assert client.login(username=username, password=f"pw-{username}-123456")
    return client


def closed(agency, handler, *, on: date, **overrides):
    case = factories.received(agency, on=on, **overrides)
    act(handler, case, "reply", {"answer_type": "A2", "ground": "",
                                 "text": "经审查，现将所申请的信息提供给您。"}, today=on)
    return act(handler, case, "serve", {"method": "direct", "served_on": on.isoformat()},
               today=on)


@pytest.fixture
def ledger(agency, other_agency, handler):
    now = timezone.localdate()
    return {
        "open": factories.received(agency, on=now, applicant_name="李四"),
        "closed": closed(agency, handler, on=now - timedelta(days=5), applicant_name="陈五"),
        "hidden": factories.received(other_agency, on=now, applicant_name="陈五"),
    }


def numbers(response) -> set[str]:
    return {row.case.number for row in response.context["rows"]}


def test_closed_cases_are_found_in_all_cases_handled_only(client, handler, ledger):
    login(client, "handler")
    assert numbers(client.get("/workspace/")) == {ledger["open"].number}
    found = numbers(client.get("/workspace/", {"scope": "all"}))
    assert found == {ledger["open"].number, ledger["closed"].number}  # not another agency's


def test_search_matches_number_applicant_and_subject(client, handler, ledger):
    login(client, "handler")
    by_name = client.get("/workspace/", {"scope": "all", "q": "陈五"})
    assert numbers(by_name) == {ledger["closed"].number}
    part = ledger["closed"].number[-5:]
    assert ledger["closed"].number in numbers(client.get("/workspace/", {"scope": "all", "q": part}))
    assert numbers(client.get("/workspace/", {"scope": "all", "q": "行政复议案件"})) == {
        ledger["open"].number, ledger["closed"].number}


def test_search_reads_full_width_digits_and_survives_control_characters(client, handler,
                                                                       ledger):
    """A number typed with an IME's full-width digits finds the case (NFKC); a NUL or a
    bidi override in any parameter leaves the page working."""
    login(client, "handler")
    number = ledger["closed"].number
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number[-5:])
    assert number in numbers(client.get("/workspace/", {"scope": "all", "q": wide}))
    for key in ("q", "procedure", "state", "sort"):
        response = client.get("/workspace/", {"scope": "all", key: "行政\x00复议\u202e"})
        assert response.status_code == 200, key


def test_sorts_keep_filters_on_the_next_page(client, handler, agency, monkeypatch):
    from fazhi.workspace import inbox

    monkeypatch.setattr(inbox, "PAGE_SIZE", 1)
    now = timezone.localdate()
    older = factories.received(agency, on=now - timedelta(days=3))
    newer = factories.received(agency, on=now - timedelta(days=1))
    login(client, "handler")
    first = client.get("/workspace/", {"scope": "all", "sort": "received", "q": "行政复议"})
    assert numbers(first) == {newer.number}
    html = first.content.decode()
    assert "page=2" in html and "sort=received" in html and "scope=all" in html
    second = client.get("/workspace/", {"scope": "all", "sort": "received", "q": "行政复议",
                                        "page": "2"})
    assert numbers(second) == {older.number}
    oldest_first = client.get("/workspace/", {"scope": "all", "sort": "received_asc"})
    assert numbers(oldest_first) == {older.number}


def test_state_filter_offers_each_label_once_and_closed_states_in_the_ledger():
    labels = [o.label for o in state_options("", "all")]
    assert len(labels) == len(set(labels))
    assert "办理中" in labels and "已办结" in labels
    assert "已办结" not in [o.label for o in state_options("", "open")]


def test_state_filter_by_label(client, handler, ledger):
    login(client, "handler")
    assert numbers(client.get("/workspace/", {"scope": "all", "state": "已办结"})) == {
        ledger["closed"].number}


def test_csv_export_has_bom_the_filtered_cases_and_escapes_formulas(client, handler, agency,
                                                                      ledger):
    evil = factories.received(agency, on=timezone.localdate(), applicant_name="=HYPERLINK(1)")
    login(client, "handler")
    response = client.get("/workspace/export.csv", {"scope": "all"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][0] == "案件编号"
    found = {row[0] for row in rows[1:]}
    assert found == {ledger["open"].number, ledger["closed"].number, evil.number}
    assert [row[3] for row in rows if row[0] == evil.number] == ["'=HYPERLINK(1)"]
    only_closed = client.get("/workspace/export.csv", {"scope": "all", "state": "已办结"})
    text = b"".join(only_closed.streaming_content).decode("utf-8")
    assert ledger["closed"].number in text and ledger["open"].number not in text


def test_xlsx_export_opens_with_the_same_rows(client, handler, ledger):
    login(client, "handler")
    response = client.get("/workspace/export.xlsx", {"scope": "all"})
    assert response["Content-Type"] == exports.XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    found = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert found == {ledger["open"].number, ledger["closed"].number}
    assert client.get("/workspace/export.pdf").status_code == 404


def test_safe_cell_prefixes_every_formula_start():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert exports.safe_cell(start + "1").startswith("'")
    assert exports.safe_cell("正常") == "正常"


def test_working_days_left_and_overdue_count_working_days_art33():
    """条例第三十三条: the reply limit is in working days, so is what is shown of it."""
    cal = current_calendar()
    friday = date(2026, 3, 6)  # a Friday; the next Monday is a working day
    monday = date(2026, 3, 9)
    assert remaining(monday, Unit.WD, friday, cal).days == 1
    assert remaining(monday, Unit.CD, friday, cal).days == 3
    late = remaining(friday, Unit.WD, monday, cal)
    assert late.overdue == 1 and late.working


def test_time_left_is_provisional_when_the_year_is_not_loaded():
    cal = current_calendar()
    year = max(cal.years) + 2 if cal.years else 2040
    today = date(year, 3, 2)
    assert remaining(today + timedelta(days=14), Unit.WD, today, cal).provisional


def test_case_page_shows_working_days_left_instead_of_running(client, handler, agency):
    case = factories.received(agency, on=timezone.localdate())
    html = login(client, "handler").get(f"/workspace/cases/{case.pk}/").content.decode()
    assert "个工作日" in html and "计算中" not in html

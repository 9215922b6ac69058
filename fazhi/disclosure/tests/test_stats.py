"""Part 3 of the annual report, 国办公开办函〔2021〕30号 (domain/procedures.md §1.5):
rows 一, 二, 三(一)–(七), 四 by applicant column, the format's check 一＋二＝三（七）＋四,
scoping by agency, and the HTML and XLSX renderings.

Cases are built through the engine with `today=` dates. Lapses and withdrawals are dated by
closed_at, which the engine takes from the clock, so `closing_at` sets the clock for them.
"""

from contextlib import contextmanager
from datetime import date, datetime
from io import BytesIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from conftest import make_staff
from fazhi.disclosure import stats
from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories as f
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
URL = "/workspace/disclosure/stats/"
ORG = {"B": "business", "R": "research", "P": "public_interest", "L": "legal_service",
       "O": "other"}


@contextmanager
def closing_at(moment: datetime):
    """Run engine actions as if the server clock read `moment` (closed_at is taken from it)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=SH)


def applicant(kind: str) -> dict:
    if kind == "N":
        return {}
    return {"applicant_type": "organisation", "org_category": ORG[kind],
            "applicant_name": f"某{ORG[kind]}单位"}


def new(agency, kind: str, on: date):
    return f.received(agency, on=on, **applicant(kind))


def served(agency, handler, kind: str, received: date, answer: str, ground: str = "",
           on: date | None = None):
    """Received, replied and served (the reply is made on the service date, 235号)."""
    on = on or received
    case = new(agency, kind, received)
    act(handler, case, "reply", {"answer_type": answer, "ground": ground,
                                 "text": "经审查，现答复如下。"}, today=on)
    return act(handler, case, "serve", {"method": "post", "served_on": on.isoformat()}, today=on)


def withdrawn(agency, kind: str, received: date, at: datetime):
    case = new(agency, kind, received)
    with closing_at(at):
        return act(Actor.public(), case, "withdraw", {"reason": "不再需要"},
                   today=at.astimezone(SH).date())


@pytest.fixture
def year_2025(agency, other_agency, handler, other_handler):
    """A year of requests at the 司法局 (and one at another agency) with known counts."""
    d = date
    # Received in 2024.
    served(agency, handler, "N", d(2024, 12, 20), "A2", on=d(2025, 1, 10))  # 二, 三(一)
    served(agency, handler, "B", d(2024, 11, 5), "A2", on=d(2024, 11, 20))  # closed in 2024
    served(agency, handler, "L", d(2024, 12, 30), "A3", "third_party", on=d(2025, 1, 15))
    new(agency, "N", d(2024, 12, 25))  # still open at the end of 2025: 二 and 四
    withdrawn(agency, "N", d(2024, 12, 10), noon(d(2025, 1, 6)))  # 二, 三(六)3
    # Received and answered in 2025: every answer type, with grounds.
    for kind, answer, ground in [
        ("N", "A1", ""), ("B", "A2", ""), ("R", "A8", "process_info"),
        ("N", "A3", "state_secret"), ("P", "A3", "enforcement_file"),
        ("O", "A4", "not_held"), ("N", "A4", "unclear_after_correction"), ("N", "A5", ""),
        ("N", "A6", "repeat"), ("B", "A6", "confirm"), ("L", "A7", ""), ("N", "A9", ""),
        ("N", "A10", ""), ("R", "A11", ""), ("N", "A12", ""),
    ]:
        served(agency, handler, kind, d(2025, 6, 2), answer, ground, on=d(2025, 6, 16))
    # Lapses (条例第三十条; 109号) and a withdrawal in 2025.
    case = f.correcting(agency, handler, on=d(2025, 3, 3), due=d(2025, 3, 20))
    with closing_at(noon(d(2025, 3, 25))):
        act(handler, case, "close_no_correction", {}, today=d(2025, 3, 25))
    case = new(agency, "B", d(2025, 4, 1))
    act(handler, case, "fee_notice", {"basis": "per_request", "quantity": 40,
                                      "notice_received_on": "2025-04-02"}, today=d(2025, 4, 2))
    with closing_at(noon(d(2025, 6, 10))):
        act(handler, case, "close_fee_unpaid", {}, today=d(2025, 6, 10))
    withdrawn(agency, "O", d(2025, 5, 6), noon(d(2025, 5, 8)))
    # Pending on 31 December 2025.
    new(agency, "N", d(2025, 12, 15))
    case = new(agency, "B", d(2025, 12, 1))  # replied but not served: still pending
    act(handler, case, "reply", {"answer_type": "A2", "text": "经审查，现答复如下。"},
        today=d(2025, 12, 29))
    served(agency, handler, "R", d(2025, 12, 20), "A2", on=d(2026, 1, 5))  # served in 2026
    # Withdrawn at 01:00 on 1 January 2026, Beijing time (17:00 UTC on 31 December).
    withdrawn(agency, "O", d(2025, 12, 22), datetime(2025, 12, 31, 17, tzinfo=ZoneInfo("UTC")))
    new(agency, "N", d(2026, 1, 5))  # next year's
    served(other_agency, other_handler, "N", d(2025, 6, 2), "A2", on=d(2025, 6, 3))


def row(table: stats.Table, row_id: str) -> list[int]:
    return [table.value(row_id, code) for code in stats.COLUMN_CODES]


#            自然人 商业 科研 公益 法律 其他 总计
EXPECTED = {
    "1":     [10, 4, 3, 1, 1, 3, 22],
    "2":     [3, 0, 0, 0, 1, 0, 4],
    "3.1":   [2, 1, 0, 0, 0, 0, 3],
    "3.2":   [0, 0, 1, 0, 0, 0, 1],
    "3.3.1": [1, 0, 0, 0, 0, 0, 1],
    "3.3.4": [0, 0, 0, 0, 1, 0, 1],
    "3.3.6": [0, 0, 0, 0, 0, 0, 0],
    "3.3.7": [0, 0, 0, 1, 0, 0, 1],
    "3.4.1": [1, 0, 0, 0, 0, 1, 2],
    "3.4.2": [1, 0, 0, 0, 0, 0, 1],
    "3.4.3": [1, 0, 0, 0, 0, 0, 1],
    "3.5.1": [1, 0, 0, 0, 0, 0, 1],
    "3.5.2": [1, 0, 0, 0, 0, 0, 1],
    "3.5.3": [0, 0, 1, 0, 0, 0, 1],
    "3.5.4": [1, 0, 0, 0, 0, 0, 1],
    "3.5.5": [0, 1, 0, 0, 0, 0, 1],
    "3.6.1": [1, 0, 0, 0, 0, 0, 1],
    "3.6.2": [0, 1, 0, 0, 0, 0, 1],
    "3.6.3": [1, 0, 0, 0, 1, 1, 3],
    "3.7":   [11, 3, 2, 1, 2, 2, 21],
    "4":     [2, 1, 1, 0, 0, 1, 5],
}


def test_every_cell_of_the_agency_table(year_2025, handler):
    table = stats.annual_table(2025, handler)
    assert table.agency.code == "XMSFJ"
    for row_id, values in EXPECTED.items():
        assert row(table, row_id) == values, row_id
    assert table.unmapped == 0


def test_results_total_is_the_sum_of_the_result_rows(year_2025, handler):
    table = stats.annual_table(2025, handler)
    for code in stats.COLUMN_CODES:
        assert table.value("3.7", code) == sum(table.value(r, code) for r in stats.RESULT_ROWS)


def test_partly_disclosed_counts_only_in_row_3_2(agency, handler):
    """30号: 区分处理的，只计“（二）部分公开”这一情形，不计其他情形 — even with a ground."""
    served(agency, handler, "N", date(2025, 6, 2), "A8", "third_party", on=date(2025, 6, 16))
    table = stats.annual_table(2025, handler)
    counted = {r.id: table.value(r.id) for r in stats.ROWS if table.value(r.id)}
    assert counted == {"1": 1, "3.2": 1, "3.7": 1}


def test_the_formats_check_holds_in_every_column(year_2025, handler):
    table = stats.annual_table(2025, handler)
    assert [c.ok for c in table.checks] == [True] * len(stats.COLUMNS)
    assert table.ok
    assert table.checks[-1].received == 26


def test_carried_forward_equals_next_years_carried_over(year_2025, handler):
    this, following = stats.annual_table(2025, handler), stats.annual_table(2026, handler)
    assert row(following, "2") == row(this, "4")
    assert following.value("1") == 1
    assert following.value("3.1", "research") == 1  # served on 5 January 2026
    assert following.value("3.6.3", "other") == 1  # withdrawn 01:00 1 January, Beijing time


def test_a_reply_not_yet_served_is_pending_not_a_result(agency, handler):
    case = new(agency, "N", date(2025, 12, 1))
    act(handler, case, "reply", {"answer_type": "A2", "text": "经审查，现答复如下。"},
        today=date(2025, 12, 29))
    table = stats.annual_table(2025, handler)
    assert (table.value("3.1"), table.value("4")) == (0, 1)


def test_a_broken_check_is_shown(client, agency, handler):
    """A reply dated before its receipt (a data-entry error the engine lets through) leaves
    the case in 一 of 2025 but in 三 of 2024: the format's check exposes it."""
    new(agency, "N", date(2025, 3, 3))
    case = new(agency, "B", date(2025, 1, 10))
    act(handler, case, "reply", {"answer_type": "A2", "text": "经审查，现答复如下。"},
        today=date(2024, 12, 30))
    act(handler, case, "serve", {"method": "post", "served_on": "2024-12-30"},
        today=date(2025, 1, 10))
    table = stats.annual_table(2025, handler)
    assert [c.column for c in table.checks if not c.ok] == ["business", "total"]
    assert not table.ok
    login(client, "handler")
    html = client.get(URL, {"year": "2025"}).content.decode()
    assert "✗ 不符（2≠1）" in html and "有列不相符" in html


def test_an_answer_mapped_to_no_row_is_reported_not_dropped(agency, handler):
    """If the configured mapping loses an answer type, its cases fail the check visibly."""
    served(agency, handler, "N", date(2025, 6, 2), "A11", on=date(2025, 6, 3))
    with mock.patch.object(stats, "report_row", side_effect=KeyError("A11")):
        table = stats.annual_table(2025, handler)
    assert (table.unmapped, table.value("3.7"), table.ok) == (1, 0, False)


def test_a_handler_sees_only_their_agency(year_2025, handler, other_handler, other_agency):
    mine, theirs = stats.annual_table(2025, handler), stats.annual_table(2025, other_handler)
    assert mine.value("1") == 22
    assert theirs.agency == other_agency
    assert (theirs.value("1"), theirs.value("3.1", "natural")) == (1, 1)
    with pytest.raises(stats.NotFound):
        stats.annual_table(2025, handler, other_agency.pk)


def test_a_supervisor_sees_the_city_or_one_agency(year_2025, supervisor, agency, other_agency):
    city = stats.annual_table(2025, supervisor)
    assert city.agency is None and city.scope_label == "全市"
    assert city.value("1") == 23 and city.value("3.1", "natural") == 3
    assert city.ok
    assert stats.annual_table(2025, supervisor, agency.pk).value("1") == 22
    assert stats.annual_table(2025, supervisor, other_agency.pk).value("1") == 1
    with pytest.raises(stats.NotFound):
        stats.annual_table(2025, supervisor, 999999)


def test_the_number_of_queries_does_not_grow_with_cases(year_2025, handler,
                                                        django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the agency, rows 一/二/四, rows 三
        stats.annual_table(2025, handler)


def test_layout_has_the_official_merges():
    layout = dict(zip([r.id for r in stats.ROWS], stats.label_layout(), strict=True))
    assert layout["1"] == [stats.LabelCell("一、本年新收政府信息公开申请数量", colspan=3)]
    assert layout["3.1"][0] == stats.LabelCell("三、本年度办理结果", rowspan=22)
    assert layout["3.3.1"][0] == stats.LabelCell("（三）不予公开", rowspan=8)
    assert [c.text for c in layout["3.3.2"]] == ["2.其他法律行政法规禁止公开"]
    assert layout["3.7"] == [stats.LabelCell("（七）总计", colspan=2)]


# -- views ---------------------------------------------------------------------------------

def login(client, username: str) -> None:
    assert client.login(username=username, password=f"pw-{username}-123456")


def test_page_shows_the_table_and_the_check(client, year_2025, handler):
    login(client, "handler")
    page = client.get(URL, {"year": "2025"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "厦门市司法局2025年度政府信息公开申请情况" in html
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in html
    assert "✓ 相符" in html and "不符" not in html
    assert 'name="agency"' not in html  # fixed to the handler's own agency
    assert "第三十六条第（五）项" in html  # the UNVERIFIED mappings are footnoted
    assert page.context["table"].value("3.7") == 21
    assert "/workspace/disclosure/stats/xlsx?year=2025" in html


def test_xlsx_opens_and_has_the_same_numbers(client, year_2025, handler):
    login(client, "handler")
    response = client.get(URL + "xlsx", {"year": "2025"})
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "2025" in disposition
    assert "XMSFJ" in disposition
    wb = load_workbook(BytesIO(response.content))
    ws = wb["收到和处理政府信息公开申请情况"]
    by_label = {}
    for values in ws.iter_rows(min_row=6, values_only=True):
        label = next((v for v in reversed(values[:3]) if v), None)
        by_label.setdefault(label, list(values[3:]))
    assert by_label["一、本年新收政府信息公开申请数量"] == EXPECTED["1"]
    assert by_label["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] == EXPECTED["3.2"]
    assert by_label["3.其他"] == EXPECTED["3.6.3"]
    assert by_label["（七）总计"] == EXPECTED["3.7"]
    assert by_label["四、结转下年度继续办理"] == EXPECTED["4"]
    assert by_label[f"勾稽关系检查（{stats.CHECK_TEXT}）"] == ["相符"] * 7
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A3:C5", "D3:J3", "E4:I4", "A8:A29", "B10:B17", "B8:C8"} <= merged


def test_supervisor_picks_an_agency_and_names_are_escaped(client, year_2025, city, supervisor):
    odd = Agency.objects.create(code="ODD", name="=1+1<b>局</b>", short_name="x", region=city)
    login(client, "supervisor")
    html = client.get(URL, {"year": "2025", "agency": odd.pk}).content.decode()
    assert "=1+1&lt;b&gt;局&lt;/b&gt;" in html and "<b>局" not in html
    assert 'name="agency"' in html
    response = client.get(URL + "xlsx", {"year": "2025", "agency": odd.pk})
    title = load_workbook(BytesIO(response.content)).active["A1"]
    assert title.value.startswith("=1+1<b>局</b>2025") and title.data_type == "s"


def test_city_wide_page_for_a_supervisor(client, year_2025, supervisor):
    login(client, "supervisor")
    page = client.get(URL, {"year": "2025"})
    assert page.status_code == 200
    assert page.context["table"].value("1") == 23
    assert "全市2025年度" in page.content.decode()


def test_an_agency_the_actor_cannot_see_is_404(client, year_2025, handler, other_agency):
    login(client, "handler")
    assert client.get(URL, {"year": "2025", "agency": other_agency.pk}).status_code == 404
    assert client.get(URL + "xlsx", {"year": "2025", "agency": other_agency.pk}).status_code == 404


@pytest.mark.parametrize("year", ["abc", "2007", "20250", "-1", "2025.5"])
def test_a_bad_year_is_422_in_chinese(client, handler, year):
    login(client, "handler")
    for path in (URL, URL + "xlsx"):
        response = client.get(path, {"year": year})
        assert response.status_code == 422
        assert "统计年度应为2008年至" in response.content.decode()


def test_a_year_after_next_is_refused(client, handler):
    login(client, "handler")
    too_late = timezone.localdate().year + 2
    assert client.get(URL, {"year": str(too_late)}).status_code == 422
    assert client.get(URL, {"year": str(too_late - 1)}).status_code == 200


def test_a_bad_agency_parameter_is_422(client, handler):
    login(client, "handler")
    assert client.get(URL, {"year": "2025", "agency": "x"}).status_code == 422


def test_staff_only(client, agency, db):
    assert client.get(URL).status_code == 302  # to login
    from django.contrib.auth.models import User

    User.objects.create_user("citizen", password="pw-citizen-123456")
    login(client, "citizen")
    assert client.get(URL).status_code == 403


def test_any_staff_role_of_the_agency_may_read_its_table(client, year_2025, agency):
    make_staff(agency, "reviewer", ["reviewer"], "孙审核")
    login(client, "reviewer")
    assert client.get(URL, {"year": "2025"}).context["table"].value("1") == 22

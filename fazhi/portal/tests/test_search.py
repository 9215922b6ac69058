"""The site search (/search/): every app's published records in one place (issue 11 item 3,
issue 12), each from the app's own provider; personal data never shows; throttled."""

import pytest
from django.test import override_settings

from conftest import make_staff
from fazhi.portal.tests.test_replies import TEXT, served

pytestmark = pytest.mark.django_db


def search(client, q: str) -> str:
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_finds_the_published_records_of_each_app_under_its_title(client, agency, other_agency,
                                                                 handler):
    from fazhi.lottery.tests.factories import announced
    from fazhi.normative.tests.factories import World

    reply = served(agency, handler)
    doc, _ = World(agency, other_agency).published(title="厦门市行政复议案件材料管理规定")
    announced(make_staff(agency, "lotadmin", ["admin"]), title="行政复议案件旁听席位摇号")

    html = search(client, "行政复议案件")
    for module, title in (("政府信息公开", reply.title), ("行政规范性文件", doc.normative.title),
                          ("公证摇号", "行政复议案件旁听席位摇号")):
        assert f">{module}<" in html and title in html
    assert f'href="/disclosure/replies/{reply.pk}/"' in html
    assert f'href="/library/{doc.pk}/"' in html


def test_shows_published_text_only_redacted(client, agency, handler):
    """条例第十五条: a reply is published without the applicant's personal data; the
    search shows only what was published."""
    served(agency, handler)
    html = search(client, "行政复议")
    assert "现将2025年行政复议案件统计数据提供给您" in html
    for personal in ("张三", "350203199001011234", "13912345678"):
        assert personal in TEXT and personal not in html


def test_open_cases_and_drafts_are_not_found(client, agency, other_agency, handler):
    from django.utils import timezone

    from fazhi.disclosure.tests import factories
    from fazhi.normative.tests.factories import World

    factories.received(agency, on=timezone.localdate(), description="未答复的道路养护申请")
    World(agency, other_agency).draft(title="厦门市道路养护管理规定（草案）")
    html = search(client, "道路养护")
    results = html.split('role="search"', 1)[1].split("</form>", 1)[1]  # after the query box
    assert "道路养护" not in results


def test_an_empty_or_odd_query_searches_nothing(client):
    assert "没有找到" not in search(client, "")
    assert "没有找到" in search(client, "\x00无此内容\u202e")


@override_settings(FAZHI_THROTTLE_SEARCH="2/m")
def test_is_throttled_per_address(client):
    assert client.get("/search/", {"q": "一"}).status_code == 200
    assert client.get("/search/", {"q": "二"}).status_code == 200
    refused = client.get("/search/", {"q": "三"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) == 60


def test_is_linked_from_the_portal_header(client):
    html = client.get("/").content.decode()
    assert '<a href="/search/">站内搜索</a>' in html

"""Published replies: the public read model only, redacted, searchable, withdrawable."""

import re

import pytest
from django.utils import timezone

from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories
from fazhi.publication.models import PublishedRecord
from fazhi.publication.services import withdraw

pytestmark = pytest.mark.django_db
DETAIL_LINK = re.compile(r'href="/disclosure/replies/\d+/"')
TEXT = ("申请人张三（身份证号350203199001011234，电话13912345678）：经审查，"
        "现将2025年行政复议案件统计数据提供给您。")


def served(agency, handler, *, text: str = TEXT, **overrides):
    today = timezone.localdate()
    case = factories.received(agency, on=today, **overrides)
    act(handler, case, "reply", {"answer_type": "A2", "text": text}, today=today)
    act(handler, case, "serve", {"method": "electronic", "served_on": today.isoformat()},
        today=today)
    return PublishedRecord.objects.get(case=case)


def test_published_reply_is_masked(client, agency, handler):
    record = served(agency, handler)
    listing = client.get("/disclosure/replies/").content.decode()
    assert record.title in listing
    detail = client.get(f"/disclosure/replies/{record.pk}/").content.decode()
    for text in (listing, detail):
        assert "张三" not in text and "13912345678" not in text
        assert "350203199001011234" not in text
    assert "张*" in detail and "139****5678" in detail and "350***********1234" in detail
    assert "予以公开" in detail


def test_nothing_from_staff_tables_leaks(client, agency, handler):
    record = served(agency, handler)
    text = client.get(f"/disclosure/replies/{record.pk}/").content.decode()
    case = record.case
    assert case.receipt_code not in text
    assert "王承办" not in text and "zhangsan@example.com" not in text
    assert "湖滨北路" not in text


def test_search_and_agency_filter(client, agency, other_agency, handler, other_handler):
    mine = served(agency, handler, text="关于城市道路养护经费的答复内容")
    theirs = served(other_agency, other_handler, text="关于食品抽检结果的答复内容")
    found = client.get("/disclosure/replies/", {"q": "道路养护"}).content.decode()
    assert mine.title in found and theirs.title not in found
    by_request = client.get("/disclosure/replies/", {"q": "行政复议案件"}).content.decode()
    assert mine.title in by_request  # the (redacted) request description is searched too
    filtered = client.get("/disclosure/replies/", {"agency": other_agency.pk}).content.decode()
    assert theirs.title in filtered and mine.title not in filtered


def test_list_is_paginated_by_20(client, agency, handler):
    for _ in range(21):
        served(agency, handler)
    first = client.get("/disclosure/replies/").content.decode()
    assert len(DETAIL_LINK.findall(first)) == 20 and "page=2" in first
    second = client.get("/disclosure/replies/", {"page": 2}).content.decode()
    assert len(DETAIL_LINK.findall(second)) == 1


def test_withdrawn_record_is_gone(client, agency, handler):
    record = served(agency, handler)
    withdraw(record, "发布有误")
    assert client.get(f"/disclosure/replies/{record.pk}/").status_code == 404
    assert record.title not in client.get("/disclosure/replies/").content.decode()


def test_other_kinds_are_not_listed_as_replies(client, agency):
    other = PublishedRecord.objects.create(kind="normative.document", agency=agency,
                                           title="某规范性文件", body="正文")
    assert client.get(f"/disclosure/replies/{other.pk}/").status_code == 404
    assert "某规范性文件" not in client.get("/disclosure/replies/").content.decode()


@pytest.mark.parametrize("params", [
    {"agency": "abc"}, {"agency": "9" * 40}, {"agency": "-5"}, {"page": "x"}, {"page": "9" * 30},
    {"q": "\x00%_' OR 1=1"}, {"q": "查" * 100_000},
])
def test_garbage_query_never_500s(client, agency, handler, params):
    served(agency, handler)
    assert client.get("/disclosure/replies/", params).status_code == 200


@pytest.mark.parametrize("path", ["/disclosure/replies/999999/", "/disclosure/replies/abc/",
                                  f"/disclosure/replies/{'9' * 40}/"])
def test_unknown_ids_are_404(client, db, path):
    assert client.get(path).status_code == 404


def test_script_is_escaped_in_published_reply(client, agency, handler):
    script = "<script>alert('x')</script>"
    record = served(agency, handler, text=script + "答复正文内容",
                    description=script + "所需信息")
    for url in ("/disclosure/replies/", f"/disclosure/replies/{record.pk}/",
                "/disclosure/replies/?q=script"):
        text = client.get(url).content.decode()
        assert script not in text
    assert "&lt;script&gt;" in client.get(f"/disclosure/replies/{record.pk}/").content.decode()

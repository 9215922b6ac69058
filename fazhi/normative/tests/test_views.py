"""Staff and public pages: visibility, refusals with their status, escaping."""

from datetime import timedelta

import pytest
from django.core.cache import cache

from fazhi.normative import models as m
from fazhi.normative.tests.factories import D0, draft_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def login(client, username):
    assert client.login(username=username, password=f"pw-{username}-123456")


def test_staff_registers_draft_through_the_form(world, client):
    login(client, "drafter")
    form = client.get("/normative/staff/new/")
    assert form.status_code == 200 and 'for="new-title"' in form.content.decode()
    data = draft_data()
    data["burdens_rights"] = "on"
    del data["co_issuers"], data["is_provisional"], data["market_related"]
    resp = client.post("/normative/staff/new/", data)
    assert resp.status_code == 302
    doc = m.NormativeDocument.objects.get()
    assert doc.burdens_rights and not doc.market_related and doc.issuer == world.dept
    bad = client.post("/normative/staff/new/", data | {"title": ""})
    assert bad.status_code == 422 and "标题" in bad.content.decode()


def test_other_agency_gets_404_and_anonymous_is_redirected(world, client):
    from conftest import make_staff
    from fazhi.org.models import Agency

    case = world.draft()
    assert client.get(f"/normative/staff/{case.pk}/").status_code == 302
    third = Agency.objects.create(code="XMJYJ", name="厦门市教育局", short_name="市教育局",
                                  region=world.dept.region)
    make_staff(third, "third", ["handler"], "冯三")
    login(client, "third")
    assert client.get(f"/normative/staff/{case.pk}/").status_code == 404
    assert client.post(f"/normative/staff/{case.pk}/act/revise/", draft_data()).status_code == 404


def test_staff_action_refusal_shows_message_with_409(world, client):
    case = world.draft()
    login(client, "drafter")
    page = client.get(f"/normative/staff/{case.pk}/")
    assert page.status_code == 200 and "公开征求意见" in page.content.decode()
    resp = client.post(f"/normative/staff/{case.pk}/act/register/",
                       {"signed_by": "孙局长", "signed_on": D0.isoformat()})
    assert resp.status_code == 409
    assert "未经合法性审核或者经审核不合法的文件，不得统一登记、编号" in resp.content.decode()


def test_public_comment_form_and_closed_period(world, client, settings):
    case = world.commented(today=D0)
    doc = case.normative
    page = client.get(f"/normative/documents/{doc.pk}/")
    assert page.status_code == 200 and "征求意见稿" in page.content.decode()
    # the period is in 2026-03/04; "today" in the view is the real date, so patch the dates
    from django.utils import timezone
    today = timezone.localdate()
    m.NormativeDocument.objects.filter(pk=doc.pk).update(
        comment_opens_on=today - timedelta(days=40), comment_closes_on=today - timedelta(days=1))
    resp = client.post(f"/normative/documents/{doc.pk}/comment/",
                       {"author_kind": "citizen", "author_name": "林某", "text": "建议增加过渡期。"})
    assert resp.status_code == 409 and "不再接收意见" in resp.content.decode()
    m.NormativeDocument.objects.filter(pk=doc.pk).update(comment_closes_on=today + timedelta(days=5))
    ok = client.post(f"/normative/documents/{doc.pk}/comment/",
                     {"author_kind": "citizen", "author_name": "林某", "text": "建议增加过渡期。"})
    assert ok.status_code == 302 and m.Comment.objects.count() == 1


def test_drafts_without_comment_are_not_public(world, client):
    case = world.draft()
    assert client.get(f"/normative/documents/{case.pk}/").status_code == 404


def test_library_filters_and_point_in_time(world, client):
    case, day = world.published()
    page = client.get("/normative/", {"issuer": "XMSJJ", "year": "2026", "type": "departmental",
                                      "status": "in_force"}).content.decode()
    assert "厦市监规〔2026〕1号" in page
    before = client.get("/normative/", {"on": (day - timedelta(days=1)).isoformat()}).content.decode()
    assert "厦市监规〔2026〕1号" not in before
    assert "日期格式不正确" in client.get("/normative/", {"on": "2026-13-01"}).content.decode()


def test_oversight_page_shows_rates(world, client):
    world.published()
    login(client, "drafter")
    page = client.get("/normative/staff/oversight/?year=2026").content.decode()
    assert "报备率" in page and "已报备 0 / 公布 1" in page


def test_review_is_handled_on_the_workspace_case_page_of_the_document(world, client):
    case, day = world.under_review()
    login(client, "reviewer")
    page = client.get(f"/workspace/cases/{case.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "出具审核意见" in html and "制定主体是否合法" in html


def test_publication_links_are_sent_from_the_generic_case_page(world, client):
    """domain/instruments.md §1.8: a document published to replace or amend others names
    them, and the link takes effect with it. The generic case page sends the list fields
    (one value per line, or several inputs of one name) as lists; a wrong one is refused
    in Chinese at its field, with nothing written."""
    from django.utils import timezone

    start = timezone.localdate() - timedelta(days=150)
    targets = [m.NormativeDocument.objects.get(pk=world.published(
        today=start, title=f"厦门市市场监督管理局关于食品摊贩登记管理的规定（第{n}号）")[0].pk)
        for n in (1, 2)]
    case, day = world.registered(today=start + timedelta(days=70),
                                 title="厦门市市场监督管理局关于食品摊贩登记管理的新规定")
    url = f"/workspace/cases/{case.pk}/act/publish/"
    dates = {"published_at": day.isoformat(), "effective_from": day.isoformat()}
    login(client, "drafter")

    too_many = client.post(url, dates | {"amends": "\n".join(f"厦市监规〔2020〕{n}号"
                                                             for n in range(21))})
    html = too_many.content.decode()
    assert too_many.status_code == 422
    field = html.split('for="publish-amends"')[1].split("</div>")[0]
    assert "修改的文件（发文字号）：最多20项" in field
    assert "Input should" not in html and "valid list" not in html
    assert not m.DocumentLink.objects.filter(source_id=case.pk).exists()

    done = client.post(url, dates | {"amends": [t.doc_no for t in targets]})
    assert done.status_code == 302
    links = m.DocumentLink.objects.filter(source_id=case.pk)
    assert sorted((link.kind, link.target_id) for link in links) == sorted(
        (m.AMENDS, t.pk) for t in targets)

"""The legal office reads the document on the document case's page while it reviews or
files it; screens offer only actions the procedure would accept; the public consultation
list; the staff import link."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from conftest import make_staff
from fazhi.cases import procedure as registry
from fazhi.cases.models import Case
from fazhi.normative import models as m
from fazhi.normative import services as s
from fazhi.normative.tests.factories import review_package

pytestmark = pytest.mark.django_db

BODY = "第一条 为规范摊贩登记，制定本规定。\n第二条 <script>alert(1)</script>摊贩应当登记。"
SUMMARY = "共收到意见1条，已采纳1条：增加了过渡期安排。"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def login(client, username):
    assert client.login(username=username, password=f"pw-{username}-123456")


def _page(client, case) -> str:
    resp = client.get(f"/workspace/cases/{case.pk}/")
    assert resp.status_code == 200
    return resp.content.decode()


def _with_handled_comment(world):
    """A draft whose comment period has ended with one approved, handled comment and a
    published summary (dated in the factories' 2026 spring)."""
    case = world.commented(body=BODY)
    doc = case.normative
    comment = s.submit_comment(doc.pk, {"author_kind": "enterprise", "author_name": "厦门某食品有限公司",
                                        "contact": "0592-1234567", "text": "建议设置六个月过渡期。"},
                               ip="10.0.0.1", today=doc.comment_opens_on + timedelta(days=1))
    s.moderate_comment(world.drafter, comment.pk, "approved", "")
    s.handle_comment(world.drafter, comment.pk, "adopted", "已在第五条增加过渡期。")
    day = doc.comment_closes_on + timedelta(days=1)
    case = s.act(world.drafter, case, "close_comment", {}, today=day)
    case = s.act(world.drafter, case, "publish_comment_summary", {"summary": SUMMARY}, today=day)
    return case, day


def _decide(world, doc_case, day, outcome, **extra):
    review = doc_case.normative.reviews.order_by("-round").first()
    data = {key: "ok" for key in ("c1_issuer", "c2_powers", "c3_consistent", "c4_no_new_powers",
                                  "c5_rights", "c6_own_powers", "c7_procedure")}
    data |= {"outcome": outcome, "opinion": "经审核，提出如下意见。"} | extra
    s.act(world.reviewer, doc_case, "decide", data, today=day + timedelta(days=10))
    return review


# -- 1. the review body and the filing body read the document ---------------------------------

def test_reviewer_reads_the_draft_on_the_document_case_page(world, client):
    """115号 二(五): the reviewer has the package — the draft, its explanation and basis, the
    consultation record and the drafting unit's own opinion — on the case page."""
    case, day = _with_handled_comment(world)
    s.act(world.drafter, case, "submit_review", review_package(), today=day)
    login(client, "reviewer")
    html = _page(client, case)
    assert "厦门市市场监督管理局关于规范食品摊贩登记管理的规定" in html
    assert "部门规范性文件" in html and "市市场监管局食品经营监管处" in html
    assert "<li>《中华人民共和国食品安全法》</li>" in html  # legal basis, one line each
    assert "为落实食品安全法关于食品摊贩管理的要求，起草本规定。" in html  # drafting explanation
    assert "第一条 为规范摊贩登记，制定本规定。<br>第二条" in html  # full text, line breaks kept
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert SUMMARY in html and "采纳1条" in html and "已在第五条增加过渡期。" in html
    assert "0592-1234567" not in html and "厦门某食品有限公司" not in html  # no commenter data
    assert "公开征求意见35日，收到意见2条，均已采纳。" in html  # the submitted package
    # no raw ids, JSON or empty dicts from the generic field list
    assert "{}" not in html and '"explanation"' not in html and "审核事项</dt>" not in html
    assert "出具审核意见" in html  # the decision form, on this page
    # the drafting agency's own page stays its own, and the reviewer is not sent there
    assert client.get(f"/normative/staff/{case.pk}/").status_code == 404
    assert f"/normative/staff/{case.pk}/" not in html
    assert Case.objects.visible_to(world.reviewer).filter(pk=case.pk).exists()


def test_second_round_shows_the_first_rounds_checklist_and_reasons(world, client):
    case, day = world.under_review()
    _decide(world, case, day, "fail", c4_no_new_powers="problem",
            reasons="第三条设定的登记条件缺乏上位法依据。")
    later = day + timedelta(days=11)
    s.act(world.drafter, case, "submit_review", review_package(), today=later)
    login(client, "reviewer")
    html = _page(client, case)
    assert "第2轮合法性审核（本轮）" in html and "第1轮合法性审核" in html
    assert "第三条设定的登记条件缺乏上位法依据。" in html and "不合法" in html
    row = html.split("是否违法设定行政许可、行政处罚、行政强制、行政征收、行政收费等事项")[1][:40]
    assert "存在问题" in row


def test_filing_body_reads_the_published_document(world, client):
    case, day = world.published()
    s.act(world.drafter, case, "file", {"filed_on": day.isoformat()}, today=day)
    login(client, "legalhandler")
    html = _page(client, case)
    doc = m.NormativeDocument.objects.get(pk=case.pk)
    for text in ("厦市监规〔2026〕1号", doc.registration_no, doc.disclosure_index_no, "按期报备",
                 f"{doc.published_at:%Y-%m-%d}", f"{doc.valid_until:%Y-%m-%d}", "第一条 为规范食品摊贩登记管理",
                 "市市场监管局2026年第5次局务会议", "第1轮合法性审核"):
        assert text in html, text
    assert "{}" not in html and f"/normative/documents/{doc.pk}/" in html
    assert "形式审查合格，登记" in html  # the filing body's step, on this page


def test_only_the_legal_office_gets_its_view_of_the_document(world):
    from fazhi.normative.case_details import document_detail
    from fazhi.org.models import Agency

    case, day = world.published()
    s.act(world.drafter, case, "file", {"filed_on": day.isoformat()}, today=day)
    assert document_detail(case, world.legal_handler)[0] == "normative/workspace/filing.html"
    assert document_detail(case, world.drafter) is None  # the drafter's generic field list
    province = Agency.objects.create(code="FJSFT", name="福建省司法厅", short_name="省司法厅",
                                     region=world.legal.region)
    assert document_detail(case, make_staff(province, "outsider", ["supervisor"], "王外")) is None


def test_case_without_a_detail_view_keeps_the_generic_list(world, client):
    case = world.draft()
    login(client, "drafter")
    html = _page(client, case)
    assert "procedure-detail" not in html and "起草单位" in html


# -- 2. actions offered only when the procedure would accept them ----------------------------

GUARDED = ("submit_review", "deliberate", "register", "publish", "file", "close_comment",
           "publish_comment_summary")


def _offered(client, case) -> set[str]:
    """Guarded actions with a form on the workspace case page (the normative staff page
    must offer the same ones)."""
    html = _page(client, case)
    staff = client.get(f"/normative/staff/{case.pk}/").content.decode()
    actions = {a for a in GUARDED if f"/workspace/cases/{case.pk}/act/{a}/" in html}
    assert actions == {a for a in GUARDED if f"/normative/staff/{case.pk}/act/{a}/" in staff}
    return actions


def test_review_is_not_offered_while_comments_are_open(world, client):
    today = timezone.localdate()
    case = s.register_draft(world.drafter, {**_draft()}, today=today)
    case = s.act(world.drafter, case, "open_comment", {
        "opens_on": today.isoformat(), "closes_on": (today + timedelta(days=40)).isoformat()},
        today=today)
    login(client, "drafter")
    assert _offered(client, case) == set()  # no review, no early close, no summary
    resp = client.post(f"/normative/staff/{case.pk}/act/submit_review/", review_package())
    assert resp.status_code == 409 and "征求意见结束后方可报送合法性审核" in resp.content.decode()


def test_review_needs_comment_first_and_handled_comments(world, client):
    login(client, "drafter")
    burdening = world.draft()
    assert "submit_review" not in _offered(client, burdening)
    plain = world.draft(burdens_rights=False)
    assert "submit_review" in _offered(client, plain)
    case = world.commented()
    comment = s.submit_comment(case.pk, {"author_kind": "citizen", "author_name": "林某",
                                         "text": "建议增加过渡期。"}, ip="10.0.0.9",
                               today=case.normative.comment_opens_on)
    closed = s.act(world.drafter, case, "close_comment", {},
                   today=case.normative.comment_closes_on + timedelta(days=1))
    assert _offered(client, closed) == set()  # a pending comment blocks review and summary
    s.moderate_comment(world.drafter, comment.pk, "approved", "")
    s.handle_comment(world.drafter, comment.pk, "adopted", "已采纳。")
    assert _offered(client, closed) == {"submit_review", "publish_comment_summary"}


def test_deliberation_registration_and_publication_follow_the_review(world, client):
    login(client, "drafter")
    case, day = world.under_review()
    assert not {"submit_review", "deliberate", "register", "publish"} & _offered(client, case)
    _decide(world, case, day, "fail", reasons="缺乏上位法依据。")
    assert not {"deliberate", "register", "publish"} & _offered(client, case)
    case, day = world.reviewed(title="厦门市市场监督管理局关于食品摊贩备案的规定")
    assert {"deliberate"} <= _offered(client, case)
    assert not {"register", "publish"} & _offered(client, case)
    case, day = world.deliberated(title="厦门市市场监督管理局关于食品摊贩管理的规定")
    offered = _offered(client, case)
    assert "register" in offered and not {"deliberate", "publish"} & offered
    case, day = world.registered(title="厦门市市场监督管理局关于食品摊贩检查的规定")
    offered = _offered(client, case)
    assert "publish" in offered and not {"deliberate", "register"} & offered


def test_filing_is_not_offered_again_once_filed(world, client):
    case, day = world.published()
    login(client, "drafter")
    assert "file" in _offered(client, case)
    s.act(world.drafter, case, "file", {"filed_on": day.isoformat()}, today=day)
    assert "file" not in _offered(client, case)
    resp = client.post(f"/workspace/cases/{case.pk}/act/file/", {"filed_on": day.isoformat()})
    assert resp.status_code == 409 and "本文件已报送备案" in resp.content.decode()


def test_available_evaluates_predicates_only_with_the_case(world):
    case = world.draft()
    proc = registry.get("normative")
    roles = frozenset({"handler"})
    assert "submit_review" in {t.action for t in proc.available(case.state, roles)}
    assert "submit_review" not in {t.action for t in proc.available(case.state, roles, case)}


# -- 3. public consultation list ------------------------------------------------------------

def _draft(**overrides) -> dict:
    from fazhi.normative.tests.factories import draft_data

    return draft_data(**overrides)


def test_consultations_list_drafts_open_for_comment(world, client):
    today = timezone.localdate()
    case = s.register_draft(world.drafter, _draft(title="关于<b>摊贩</b>登记的规定（草案）"), today=today)
    s.act(world.drafter, case, "open_comment", {
        "opens_on": today.isoformat(), "closes_on": (today + timedelta(days=40)).isoformat()},
        today=today)
    world.commented(title="厦门市市场监督管理局关于早已截止的规定")  # 2026 spring: closed
    world.draft(title="厦门市市场监督管理局关于尚未征求意见的规定")
    resp = client.get("/normative/consultations/")
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "关于&lt;b&gt;摊贩&lt;/b&gt;登记的规定" in html
    assert f"{today + timedelta(days=40):%Y年%-m月%-d日}" in html and "还剩40天" in html
    assert f'href="/normative/documents/{case.pk}/#comment-h"' in html
    assert "早已截止" not in html and "尚未征求意见" not in html
    for url in ("/normative/", "/library/"):
        assert 'href="/normative/consultations/"' in client.get(url).content.decode()


def test_consultations_empty(world, client):
    assert "目前没有正在征求意见的文件草案" in client.get("/normative/consultations/").content.decode()


# -- 4. the import link only for admins ------------------------------------------------------

def test_staff_library_shows_import_link_only_to_admins(world, client):
    login(client, "drafter")
    assert 'href="/library/staff/import/"' not in client.get("/library/staff/").content.decode()
    make_staff(world.legal, "importer", ["admin"], "郑管理")
    login(client, "importer")
    assert 'href="/library/staff/import/"' in client.get("/library/staff/").content.decode()


def test_history_payloads_are_labelled_not_raw(world, client):
    case, day = _with_handled_comment(world)
    s.act(world.drafter, case, "submit_review", review_package(), today=day)
    _decide(world, case, day, "fail", reasons="缺乏上位法依据。")
    login(client, "drafter")
    html = _page(client, case)
    counts = html.split("<dt>意见处理情况</dt><dd>")[1].split("</dd>")[0]
    assert set(counts.split("；")) == {"采纳：1", "部分采纳：0", "不予采纳：0", "已说明：0"}
    assert "<dt>审核轮次</dt>" in html and "<dt>审核结论</dt><dd>不合法</dd>" in html
    assert '"adopted"' not in html and "<dt>round</dt>" not in html
    login(client, "reviewer")
    assert "<dt>审核机构</dt>" in _page(client, case)

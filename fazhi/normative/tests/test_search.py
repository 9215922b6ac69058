"""Full-text search (issue 3 part 8): segmentation-independent matching, escaping in
highlights, filters and point-in-time, public/staff scopes, index sync. Runs on SQLite
and, when FAZHI_DATABASE_URL points at PostgreSQL, on PostgreSQL (same tests)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse

from fazhi.law.zhtext import segment
from fazhi.normative import models as m
from fazhi.normative import search
from fazhi.normative.tests.factories import D0

pytestmark = pytest.mark.django_db

# jieba splits the phrase as 营商 / 环境 here, but as 民营 / 商 / 环境 (no 营商 at all) there
WORD = "本市持续优化营商环境，降低制度性交易成本。"
SPLIT = "进一步改善民营商环境，支持企业发展。"


def _published(world, title, body, **kw):
    case, day = world.published(title=title, body=body, **kw)
    return m.NormativeDocument.objects.get(pk=case.pk), day


def test_tokeniser_splits_differently_but_grams_agree():
    assert {"营商", "环境"} <= set(segment(WORD, for_search=True))
    assert "营商" not in segment(SPLIT, for_search=True)
    assert "营商环境" not in segment(SPLIT, for_search=True)
    assert {"营商", "商环", "环境"} <= set(search.grams(search.fold(SPLIT)))


def test_query_finds_the_phrase_whatever_the_segmentation(world):
    word, _ = _published(world, "厦门市优化营商环境若干措施", "第一条 " + WORD * 3)
    split, _ = _published(world, "厦门市市场主体评估办法", "第一条 " + SPLIT * 3)
    other, _ = _published(world, "厦门市食品摊贩管理规定", "第一条 食品摊贩应当依法登记经营。")
    found = {hit.document.pk for hit in search.search("营商环境")}
    assert found == {word.pk, split.pk}
    assert other.pk not in found
    assert search.count("营商环境") == 2
    # traditional characters and full-width input fold to the same terms
    assert {h.document.pk for h in search.search("營商環境")} == {word.pk, split.pk}
    # all terms are required; the title ranks first
    assert [h.document.pk for h in search.search("营商环境 若干措施")] == [word.pk]
    assert search.search("营商环境")[0].document.pk == word.pk


def test_single_character_and_mixed_terms(world):
    doc, _ = _published(world, "关于2024年度登记工作的通知", "第一条 2024年度登记工作按本通知执行。")
    assert [h.document.pk for h in search.search("2024年")] == [doc.pk]
    assert [h.document.pk for h in search.search("登")] == [doc.pk]
    assert search.search("2025年") == []
    assert search.search("   ") == [h for h in search.search("")]  # empty query lists all


def test_highlight_escapes_script_in_bodies(world):
    body = "第一条 <script>alert('x')</script> 优化营商环境 & 其他"
    _published(world, "关于<b>营商环境</b>的规定", body)
    hit = search.search("营商环境")[0]
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html
    assert "<mark>营商环境</mark>" in hit.snippet_html
    assert "&amp;" in hit.snippet_html
    assert hit.title_html == "关于&lt;b&gt;<mark>营商环境</mark>&lt;/b&gt;的规定"


def test_drafts_are_never_public_but_staff_of_the_case_find_them(world, handler):
    draft_case = world.draft(title="厦门市营商环境草案规定", body="第一条 营商环境草案正文内容。")
    assert search.search("营商环境草案") == []
    assert search.count("营商环境草案") == 0
    # the drafting agency's staff see it; staff of another agency do not (visible_to)
    hits = search.search("营商环境草案", audience=search.STAFF, actor=world.drafter)
    assert [h.document.pk for h in hits] == [draft_case.pk]
    assert search.search("营商环境草案", audience=search.STAFF, actor=world.reviewer) == []
    # without a staff actor the staff audience falls back to the public scope
    assert search.search("营商环境草案", audience=search.STAFF, actor=None) == []


def test_published_documents_visible_to_all_staff(world):
    doc, _ = _published(world, "厦门市营商环境公开规定", "第一条 营商环境公开正文。")
    hits = search.search("营商环境公开", audience=search.STAFF, actor=world.reviewer)
    assert [h.document.pk for h in hits] == [doc.pk]


def test_filters_and_point_in_time(world, agency):
    old, day = _published(world, "厦门市旧营商环境规定", "第一条 营商环境旧规定。")
    new, _ = _published(world, "厦门市新营商环境规定", "第一条 营商环境新规定。", effective_in=0)
    world.head  # noqa: B018
    from fazhi.normative import services as s
    repeal_day = day + timedelta(days=5)
    s.act(world.head, old.case, "repeal", {"reason": "已被新规定替代",
          "effective_on": repeal_day.isoformat()}, today=repeal_day)
    pks = lambda **f: {h.document.pk for h in search.search("营商环境", filters=search.Filters(**f))}  # noqa: E731
    assert pks() == {old.pk, new.pk}
    assert pks(status=m.REPEALED) == {old.pk}
    assert pks(valid_on=day) == {old.pk, new.pk}
    assert pks(valid_on=repeal_day) == {new.pk}
    assert pks(valid_on=day - timedelta(days=1)) == set()
    assert pks(issuer=world.dept.code) == {old.pk, new.pk}
    assert pks(issuer=agency.code) == set()
    assert pks(year=day.year) == {old.pk, new.pk}
    assert pks(year=day.year - 1) == set()
    assert pks(doc_type=m.GOVERNMENT) == set()
    assert pks(doc_type=m.DEPARTMENTAL) == {old.pk, new.pk}


def test_index_follows_revisions(world):
    case = world.draft(title="厦门市垃圾分类管理规定", body="第一条 生活垃圾分类投放。")
    staff = dict(audience=search.STAFF, actor=world.drafter)
    assert len(search.search("垃圾分类", **staff)) == 1
    from fazhi.normative import services as s
    from fazhi.normative.tests.factories import draft_data
    s.act(world.drafter, case, "revise", draft_data(title="厦门市餐厨废弃物管理规定",
          body="第一条 餐厨废弃物集中收运。"), today=D0)
    assert search.search("垃圾分类", **staff) == []
    assert len(search.search("餐厨废弃物", **staff)) == 1
    doc = m.NormativeDocument.objects.get(pk=case.pk)
    assert search.reindex(doc) is False  # unchanged text is not re-tokenised
    assert search.rebuild() == m.NormativeDocument.objects.count()
    assert len(search.search("餐厨废弃物", **staff)) == 1


def test_public_library_page(client, world):
    doc, _ = _published(world, "厦门市优化营商环境若干措施", "第一条 <script>x()</script>" + WORD)
    world.draft(title="厦门市营商环境草案规定", body="第一条 营商环境草案正文内容。")
    response = client.get(reverse("library:library"), {"q": "营商环境"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>营商环境</mark>" in html
    assert "<script>x()" not in html and "&lt;script&gt;x()" in html
    assert "草案" not in html
    assert reverse("normative:document", args=[doc.pk]) in html
    assert "共1件" in html


def test_library_bad_filters_are_reported_not_500(client, world):
    _published(world, "厦门市优化营商环境若干措施", "第一条 " + WORD)
    response = client.get(reverse("library:library"),
                          {"year": "abc", "valid_on": "2020-13-45", "status": "draft", "page": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "年度应为四位数字" in html and "有效日期格式不正确" in html
    assert "共1件" in html


def test_library_pagination(client, world):
    for i in range(3):
        _published(world, f"厦门市营商环境第{i}号规定", f"第一条 营商环境第{i}号。")
    from fazhi.normative import search_views
    search_views.PER_PAGE, old = 2, search_views.PER_PAGE
    try:
        first = client.get(reverse("library:library"), {"q": "营商环境"}).content.decode()
        second = client.get(reverse("library:library"), {"q": "营商环境", "page": 2}).content.decode()
    finally:
        search_views.PER_PAGE = old
    assert first.count('class="hit-title"') == 2 and second.count('class="hit-title"') == 1
    assert "q=%E8%90%A5" in first  # the pager keeps the query


def test_detail_page_public_only(client, world):
    doc, _ = _published(world, "厦门市优化营商环境若干措施", "第一条 <b>正文</b>")
    draft = world.draft(title="厦门市营商环境草案规定", body="第一条 草案正文内容。")
    response = client.get(reverse("library:detail", args=[doc.pk]))
    assert response.status_code == 200 and "&lt;b&gt;正文" in response.content.decode()
    assert client.get(reverse("library:detail", args=[draft.pk])).status_code == 404


def test_staff_search_page(client, world):
    world.draft(title="厦门市营商环境草案规定", body="第一条 营商环境草案正文内容。")
    assert client.get(reverse("library:staff")).status_code == 302  # login first
    client.login(username="drafter", password="pw-drafter-123456")
    html = client.get(reverse("library:staff"), {"q": "草案"}).content.decode()
    assert "<mark>草案</mark>" in html
    client.logout()
    client.login(username="reviewer", password="pw-reviewer-123456")
    html = client.get(reverse("library:staff"), {"q": "草案"}).content.decode()
    assert "共0件" in html


def test_vendor_specific_index_exists():
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM normative_search")
        assert cur.fetchone()[0] >= 0
    if connection.vendor == "postgresql":
        assert search.tsquery(search.parse_query("营商环境")) == \
            "('营商环境' | ('营商' & '商环' & '环境'))"
        search.search("营商环境")  # states its plans with SET LOCAL inside this transaction
        with connection.cursor() as cur:
            cur.execute("SHOW enable_seqscan")
            assert cur.fetchone()[0] == "on"  # ... and leaves nothing behind
    else:
        assert search.fts5_match(search.parse_query("法")).endswith('"法" *)')


def test_query_syntax_cannot_break_the_search(world):
    _published(world, "厦门市优化营商环境若干措施", "第一条 " + WORD)
    for query in ['"', "'", "营商\"环境", "a OR b", "NEAR(x)", "*", "\\", "营商' | '环境", ":*"]:
        search.search(query)
        search.count(query)


@pytest.mark.parametrize("text", ["2024-01-01", date(2024, 1, 1).isoformat()])
def test_fold_is_idempotent_on_folded_text(text):
    assert search.fold(search.fold(text)) == search.fold(text)


def test_title_matches_first_then_newest_published_first(world):
    """ADR 0010: documents whose title holds every term lead; the rest follow newest
    published first (publication re-indexes a document as the newest)."""
    draft = world.draft(title="厦门市市场主体评估办法", body="第一条 本市持续优化营商环境。")
    old, _ = _published(world, "厦门市食品小作坊管理办法", "第一条 小作坊应当优化营商环境。")
    newer, _ = _published(world, "厦门市食品摊贩管理规定", "第一条 摊贩经营应当优化营商环境。",
                          today=D0 + timedelta(days=60))
    titled, _ = _published(world, "厦门市优化营商环境若干措施", "第一条 本措施自公布之日起施行。")
    assert [h.document.pk for h in search.search("营商环境")] == [titled.pk, newer.pk, old.pk]
    staff = {"audience": search.STAFF, "actor": world.drafter}  # the draft, indexed first
    assert [h.document.pk for h in search.search("营商环境", **staff)][-1] == draft.pk
    results = search.Results("营商环境")
    assert results.count() == 3 and [h.document.pk for h in results[1:3]] == [newer.pk, old.pk]
    assert search.reindex(old, force=True)  # what publication does: now the newest
    assert [h.document.pk for h in search.search("营商环境")] == [titled.pk, old.pk, newer.pk]

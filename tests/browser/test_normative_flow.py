"""A normative document from draft to repeal, in the browser (issue 3 part 9).

A drafting agency registers a draft and opens it for comment; a firm comments on the
public page; the comment is moderated and handled and the summary published; the legal
office fails the first legality review, passes the revised draft; the document is
deliberated, numbered (厦府规〔2026〕1号), published and filed with the provincial legal
office; the public finds it by full-text search; a cleanup campaign repeals it and the
library shows it as repealed with a link to the cleanup decision. Every page visited is
screenshotted and checked with axe-core.

Time: the statute needs time to pass (a 30-day comment period for a document touching
market entities, at least 5 working days per review round). The browser cannot wait a
month, so the test moves the server's clock: `django.utils.timezone.now` (which every
`timezone.localdate()` and event timestamp reads) is shifted in this process, where the
live server thread runs too. Every step is still taken through the pages on the day the
server believes it is; no step is written through services or the ORM. Cookie expiry is
computed by Django from `time.time()`, which is left alone, so sessions stay valid.
"""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from conftest import make_staff
from tests.browser.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

START = date(2026, 3, 2)  # a Monday; the numbering year of the document is 2026
TITLE = "厦门市人民政府关于进一步优化营商环境的若干措施"
BODY = ("第一条 为持续优化营商环境，激发市场主体活力，根据《优化营商环境条例》，制定本措施。\n"
        "第二条 市场主体办理涉企经营许可事项，实行告知承诺制。\n"
        "第三条 申请人未按期补交材料的，一律列入经营异常名录。")
REVISED_BODY = ("第一条 为持续优化营商环境，激发市场主体活力，根据《优化营商环境条例》，制定本措施。\n"
                "第二条 市场主体办理涉企经营许可事项，实行告知承诺制。\n"
                "第三条 申请人未按期补交材料的，依照有关法律、法规处理。")
_REAL_NOW = timezone.now


class ServerClock:
    """The date the application believes it is; only moves forward."""

    def __init__(self, monkeypatch, start: date):
        self.offset = timedelta(0)
        monkeypatch.setattr(timezone, "now", lambda: _REAL_NOW() + self.offset)
        self.travel_to(start)

    def travel_to(self, day: date) -> None:
        morning = timezone.make_aware(datetime.combine(day, time(9)))
        self.offset = morning - _REAL_NOW()

    @property
    def today(self) -> date:
        return timezone.localdate()


def sign_out(page) -> None:
    page.context.clear_cookies()


def normative_action(page, action: str):
    """The form of one action on the staff document page (each in a closed <details>)."""
    form = page.locator(f"form[action$='/act/{action}/']")
    details = page.locator("details", has=form)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return form


def submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def decide_review(page, shots, *, outcome: str, problem: str = "", label: str) -> None:
    """The legal office's reviewer opens the document's case from the inbox (the office
    takes part in it as the review body) and decides the round."""
    sign_in(page, "reviewer")
    row = page.locator("table tbody tr", has_text=TITLE).first
    shots(f"{label}-inbox")
    row.locator("a").first.click()
    page.wait_for_url(re.compile(r"/workspace/cases/\d+/"))
    shots(f"{label}-review-case")
    form = page.locator("form[action$='/act/decide/']")
    details = page.locator("details.action", has=form)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    for key in ("c1_issuer", "c2_powers", "c3_consistent", "c4_no_new_powers", "c5_rights",
                "c6_own_powers", "c7_procedure"):
        form.locator(f"[name={key}]").select_option("problem" if key == problem else "ok")
    form.locator("[name=outcome]").select_option(outcome)
    if outcome == "fail":
        form.locator("[name=opinion]").fill("经审核，该文件第三条不符合法律规定。")
        form.locator("[name=reasons]").fill(
            "第三条“一律列入经营异常名录”没有法律、法规依据，增加了市场主体的义务，"
            "违反《优化营商环境条例》第六十四条。")
    else:
        form.locator("[name=opinion]").fill("经审核，该文件制定主体合法，内容符合法律、法规规定，程序合法。")
    submit(page, form)
    assert "已完成：出具审核意见" in page.content()
    assert ("退回修改" if outcome == "fail" else "审核通过") in page.content()
    shots(f"{label}-decided")


def test_normative_document_from_draft_to_repeal(page, shots, agency, city, monkeypatch):
    from fazhi.normative.models import IssuerSeries
    from fazhi.org.models import Agency, Region

    # Setup: the province and its legal office (the filing body of a city government's
    # documents), the city government (issuer, with its numbering series), the city's
    # legal office (`agency`: reviews and cleanups), and their staff.
    province = Region.objects.create(code="350000", name="福建省", level="province")
    city.parent = province
    city.save()
    provincial_office = Agency.objects.create(
        code="FJSFT", name="福建省司法厅", short_name="省司法厅", region=province,
        is_legal_office=True)
    government = Agency.objects.create(code="XMSZF", name="厦门市人民政府", short_name="市政府",
                                       kind="government", region=city)
    IssuerSeries.objects.create(issuer=government, doc_no_prefix="厦府规",
                                registration_prefix="XMFG", index_prefix="XM00122-12-01")
    make_staff(government, "drafter", ["handler"], "陈起草")
    make_staff(agency, "reviewer", ["reviewer"], "周审核")
    make_staff(agency, "cleaner", ["handler"], "吴清理")
    make_staff(provincial_office, "filer", ["handler"], "林备案")
    clock = ServerClock(monkeypatch, START)

    # 1. The drafting agency's handler registers the draft.
    sign_in(page, "drafter")
    page.goto("/normative/staff/new/")
    shots("draft-new")
    page.fill("#new-title", TITLE)
    page.select_option("#new-doc_type", "government")
    page.fill("#new-drafting_unit", "市发展和改革委员会")
    page.fill("#new-legal_basis", "《优化营商环境条例》\n《福建省优化营商环境条例》")
    page.fill("#new-subject", "涉企经营许可告知承诺制、涉企检查和市场主体信用管理")
    page.check("#new-burdens_rights")
    page.check("#new-market_related")
    page.fill("#new-body", BODY)
    page.fill("#new-drafting_explanation", "为落实《优化营商环境条例》，进一步降低制度性交易成本，起草本措施。")
    shots("draft-filled")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/normative/staff/\d+/$"))
    staff_url = page.url
    assert "起草中" in page.content()
    shots("draft-registered")

    # 2. It opens the draft for public comment: 30 days, as it concerns market entities
    #    (《优化营商环境条例》第六十二条).
    form = normative_action(page, "open_comment")
    form.locator("[name=opens_on]").fill(clock.today.isoformat())
    closes_on = clock.today + timedelta(days=35)
    form.locator("[name=closes_on]").fill(closes_on.isoformat())
    submit(page, form)
    assert "征求意见中" in page.content()
    shots("comment-opened")
    public_url = page.get_by_role("link", name="公开征求意见页面").get_attribute("href")

    # 3. A firm comments on the public page of the draft.
    sign_out(page)
    page.goto(public_url)
    assert "征求意见稿" in page.content()
    shots("public-draft")
    page.select_option("#comment-author_kind", "enterprise")
    page.fill("#comment-author_name", "厦门鹭江科技有限公司")
    page.fill("#comment-contact", "0592-5551234")
    page.fill("#comment-text", "建议删除第三条“一律列入经营异常名录”的规定，该处罚性措施缺乏上位法依据。")
    shots("public-comment-filled")
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_load_state()
    assert "您的意见已提交" in page.content()
    shots("public-comment-sent")

    # 4. The agency approves the comment and records how it was handled.
    sign_in(page, "drafter")
    page.goto(staff_url)
    row = page.locator("tr", has_text="厦门鹭江科技有限公司")
    row.locator("input[name=note]").fill("与文件内容相关")
    with page.expect_navigation():
        row.get_by_role("button", name="通过", exact=True).click()
    row = page.locator("tr", has_text="厦门鹭江科技有限公司")
    row.locator("select[name=handling]").select_option("adopted")
    row.locator("input[name=reason]").fill("已删除第三条相关表述")
    with page.expect_navigation():
        row.get_by_role("button", name="记录").click()
    assert "采纳：已删除第三条相关表述" in page.content()
    shots("comment-handled")

    # 5. After the period the agency closes it and publishes the summary.
    clock.travel_to(closes_on + timedelta(days=1))
    sign_in(page, "drafter")
    page.goto(staff_url)
    submit(page, normative_action(page, "close_comment"))
    assert "征求意见结束" in page.content()
    form = normative_action(page, "publish_comment_summary")
    form.locator("[name=summary]").fill("共收到意见1条，采纳1条：删除第三条列入经营异常名录的规定。")
    submit(page, form)
    shots("summary-published")
    sign_out(page)
    page.goto(public_url)
    assert "征求意见采纳情况" in page.content() and "共收到意见1条" in page.content()
    assert "提交意见" not in page.content()  # the period is over: no comment form
    shots("public-summary")

    # 6. The draft goes to legality review (round 1).
    sign_in(page, "drafter")
    page.goto(staff_url)
    form = normative_action(page, "submit_review")
    form.locator("[name=consultation_record]").fill("公开征求意见35日，收到意见1条，已采纳。")
    form.locator("[name=own_opinion]").fill("经起草单位审查，本措施符合法律、法规规定。")
    submit(page, form)
    assert "合法性审核中" in page.content()
    shots("review-submitted")

    # 7. The legal office's reviewer fails it, with reasons, after the 5 working days.
    clock.travel_to(clock.today + timedelta(days=8))
    decide_review(page, shots, outcome="fail", problem="c5_rights", label="round1")

    # 8. The drafter sees it sent back, revises the draft and resubmits it (round 2).
    sign_in(page, "drafter")
    page.goto(staff_url)
    body = page.content()
    assert "退回修改" in body and "没有法律、法规依据" in body
    shots("sent-back")
    # No number and no publication without a passed review: neither is offered (the
    # engine's refusal with its reason is covered in fazhi/normative/tests).
    assert page.locator("form[action$='/act/register/']").count() == 0
    assert page.locator("form[action$='/act/publish/']").count() == 0
    assert "（未编号）" in page.content()
    form = normative_action(page, "revise")
    assert form.locator("[name=title]").input_value() == TITLE  # prefilled with the draft
    form.locator("[name=body]").fill(REVISED_BODY)
    submit(page, form)
    form = normative_action(page, "submit_review")
    form.locator("[name=consultation_record]").fill("公开征求意见35日，收到意见1条，已采纳；已按审核意见修改第三条。")
    form.locator("[name=own_opinion]").fill("已按合法性审核意见删除第三条无依据的规定。")
    submit(page, form)
    assert "第2轮" in page.content()
    shots("resubmitted")

    # 9. The reviewer passes the revised draft.
    clock.travel_to(clock.today + timedelta(days=8))
    decide_review(page, shots, outcome="pass", label="round2")

    # 10. Collective deliberation, unified registration and numbering, publication, filing.
    sign_in(page, "drafter")
    page.goto(staff_url)
    assert "审核通过" in page.content()
    today = clock.today.isoformat()
    form = normative_action(page, "deliberate")
    form.locator("[name=meeting]").fill("市人民政府第十五次常务会议")
    form.locator("[name=deliberated_on]").fill(today)
    form.locator("[name=minutes]").fill("会议审议通过，同意印发。")
    submit(page, form)
    assert "已集体审议" in page.content() and "市人民政府第十五次常务会议" in page.content()
    shots("deliberated")
    form = normative_action(page, "register")
    form.locator("[name=signed_by]").fill("黄市长")
    form.locator("[name=signed_on]").fill(today)
    submit(page, form)
    assert "厦府规〔2026〕1号" in page.content() and "XMFG-2026-001" in page.content()
    shots("registered")
    form = normative_action(page, "publish")
    form.locator("[name=published_at]").fill(today)
    form.locator("[name=effective_from]").fill(today)
    submit(page, form)
    assert "现行有效" in page.content()
    shots("published")
    form = normative_action(page, "file")
    form.locator("[name=filed_on]").fill(today)
    submit(page, form)
    assert "报送福建省司法厅" in page.content()
    shots("filed")

    # 11. The provincial legal office receives the filing and approves it, on the document's
    #     case (the filing body's part).
    sign_in(page, "filer")
    page.locator("table tbody tr", has_text=TITLE).first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/workspace/cases/\d+/"))
    shots("filing-case")
    form = page.locator("form[action$='/act/receive/']")
    form.locator("[name=checked_on]").fill(today)
    submit(page, form)
    form = page.locator("form[action$='/act/approve/']")
    form.locator("[name=reviewed_on]").fill(today)
    form.locator("[name=opinion]").fill("经审查，未发现违法情形，予以备案。")
    submit(page, form)
    assert "已完成：审查通过" in page.content()
    shots("filing-approved")

    # 12. The public finds it by full-text search, the hit highlighted.
    sign_out(page)
    page.goto("/library/")
    page.fill("#s-q", "营商环境")
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    hit = page.locator("ol.search-results > li").first
    assert hit.locator("mark", has_text="营商环境").count() >= 1
    assert "厦府规〔2026〕1号" in hit.inner_text() and "现行有效" in hit.inner_text()
    shots("library-search")
    hit.locator("h2 a").click()
    page.wait_for_load_state()
    body = page.content()
    assert "厦府规〔2026〕1号" in body and "依照有关法律、法规处理" in body  # the revised text
    assert "一律列入经营异常名录" not in body and "《福建省优化营商环境条例》" in body
    shots("public-document")

    # 13. Months later the legal office's cleanup campaign repeals it.
    clock.travel_to(date(2026, 9, 1))
    sign_in(page, "cleaner")
    page.goto("/normative/staff/cleanups/")
    shots("cleanups")
    page.fill("#c-title", "涉及优化营商环境的规范性文件专项清理")
    page.fill("#c-trigger", "《优化营商环境条例》修订施行，对相关规范性文件进行专项清理")
    page.fill("#c-term", "优化营商环境条例")
    with page.expect_navigation():
        page.get_by_role("button", name="建立清理并筛选文件").click()
    row = page.locator("tbody tr", has_text=TITLE)
    shots("cleanup-campaign")
    row.locator("select[name=outcome]").select_option("repeal")
    row.locator("input[name=reason]").fill("相关措施已纳入新修订的营商环境政策，本文件不再适用")
    with page.expect_navigation():
        row.get_by_role("button", name="保存").click()
    page.fill("#dn", "厦府〔2026〕88号")
    with page.expect_navigation():
        page.get_by_role("button", name="决定并执行").click()
    with page.expect_navigation():
        page.get_by_role("button", name="公布清理结果").click()
    shots("cleanup-published")

    # 14. The library shows it as repealed, with a link to the repeal.
    sign_out(page)
    page.goto("/library/?q=" + "营商环境")
    hit = page.locator("ol.search-results > li").first
    assert "已废止" in hit.inner_text()
    shots("library-repealed")
    repeal = hit.get_by_role("link", name=re.compile("厦府〔2026〕88号"))
    repeal.click()
    page.wait_for_load_state()
    assert "涉及优化营商环境的规范性文件专项清理" in page.content() and TITLE in page.content()
    shots("cleanup-result")
    page.goto(public_url)
    assert "已废止" in page.content()
    shots("public-document-repealed")
    page.get_by_role("link", name=re.compile("厦府〔2026〕88号")).click()
    page.wait_for_load_state()
    assert "废止的文件" in page.content()

"""The annual-report cycle in the browser: the rule-of-law office imports last year's report,
assigns a key task, the lead agency files progress with evidence, a new report is drafted
from live figures, approved by a head, published, and read by the public down to the records
behind a figure. Every page visited is screenshotted and checked with axe-core."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import make_staff
from fazhi.disclosure.services import act
from fazhi.disclosure.tests.factories import received
from tests.browser import signin

pytestmark = pytest.mark.django_db(transaction=True)

SEED = Path(__file__).resolve().parents[2] / "fazhi" / "law" / "tests" / "fixtures" / \
    "xiamen-2020-report.txt"
EVIDENCE = {"name": "立法计划.pdf", "mimeType": "application/pdf",
            "buffer": b"%PDF-1.4 2021 legislative plan"}
YEAR = 2021  # the year after the imported 2020 report
SECTION_TEXTS = {2: "个别申请答复超出法定期限，督办提醒机制有待加强。",
                 3: "主要负责人专题听取法治政府建设工作汇报两次。",
                 4: "2022年将全面推行行政执法三项制度。",
                 5: "无。"}


def sign_in(page, username: str) -> None:
    signin.sign_in(page, username, clear=False)


def sign_out(page) -> None:
    page.context.clear_cookies()


def submit(form) -> None:
    """Click a form's submit button and wait for the page the server answers with."""
    with form.page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def served(agency, handler, on: date, after_days: int) -> None:
    """A request answered and served `after_days` after receipt (through the engine)."""
    case = received(agency, on=on)
    day = on + timedelta(days=after_days)
    act(handler, case, "reply", {"answer_type": "A2", "ground": "",
                                 "text": "经审查，现将所申请的信息提供给您。"}, today=day)
    act(handler, case, "serve", {"method": "direct", "served_on": day.isoformat()}, today=day)


def disclosure_year(agency, handler, gio_head) -> None:
    """2021 at the Justice Bureau: 2 answered on time, 1 late, 1 extended and still open."""
    served(agency, handler, date(YEAR, 3, 1), after_days=5)
    served(agency, handler, date(YEAR, 3, 8), after_days=10)
    served(agency, handler, date(YEAR, 3, 15), after_days=60)
    extended = received(agency, on=date(YEAR, 12, 1))
    act(gio_head, extended, "extend", {"reason": "需要调取档案", "approved_on": f"{YEAR}-12-02",
                                       "notified_on": f"{YEAR}-12-02"},
        today=date(YEAR, 12, 2))


def test_office_imports_assigns_reports_and_publishes(page, shots, agency, supervisor):
    from fazhi.org.models import Agency

    office = Agency.objects.get(pk=supervisor.agency_id)
    make_staff(office, "officehead", ["head"], "孙主任")
    handler = make_staff(agency, "handler", ["handler"], "王承办")
    make_staff(agency, "head", ["head"], "李负责")
    gio_head = make_staff(agency, "gio_head", ["gio_head"], "周公开")
    disclosure_year(agency, handler, gio_head)

    # 1. The office uploads the 2020 report and reviews the preview before saving.
    sign_in(page, "supervisor")
    page.goto("/reporting/")
    shots("reporting-home")
    page.click("nav.subnav a[href='/reporting/import/']")
    page.wait_for_url(re.compile(r"/reporting/import/$"))
    assert page.locator("nav.subnav a[aria-current=page]").inner_text() == "导入报告"
    shots("import-form")
    page.set_input_files("#id_file", files=[{"name": "空白.txt", "mimeType": "text/plain",
                                             "buffer": b""}])
    submit(page.locator("main form.stack"))
    assert "文件为空" in page.locator("[role=alert]").inner_text()
    shots("import-empty-file")
    page.set_input_files("#id_file", str(SEED))
    page.fill("#id_year", "2020")
    submit(page.locator("main form.stack"))
    summary = page.locator("main h1 + p").inner_text()
    assert "删除拼音注音 223 处" in summary and "任务 18 项（8 个领域）" in summary
    flags = page.locator("#h-flags ~ table tbody tr")
    assert flags.count() == 3 and "疑似乱码 3 处" in summary
    assert flags.first.locator("mark").inner_text().strip()  # the segment is highlighted
    assert page.locator("#h-tasks ~ table tbody tr").count() == 18
    shots("import-preview")
    submit(page.locator("main form.stack"))
    page.wait_for_url(re.compile(rf"/reporting/tasks/\?year={YEAR}$"))
    assert f"已导入：{YEAR}年任务 18 项" in page.locator(".messages").inner_text()

    # 2. The extracted tasks are listed; the office assigns a legislation task to the bureau.
    rows = page.locator("main table tbody tr")
    assert rows.count() == 18
    shots("tasks-imported")
    task_link = rows.filter(has_text="立法").first.locator("a")
    task_text = task_link.inner_text().rstrip("…")
    task_link.click()
    page.wait_for_url(re.compile(r"/reporting/tasks/\d+/$"))
    task_url = page.url
    assert task_text in page.locator("main .panel").first.inner_text()
    shots("task-unassigned")
    form = page.locator("form[action$='/assign/']")
    form.locator("[name=lead_agency]").select_option(str(agency.pk))
    form.locator("[name=due_on]").fill(f"{YEAR}-12-31")
    submit(form)
    details = page.locator("dl.detail").inner_text()
    assert "厦门市司法局" in details and f"{YEAR}-12-31" in details and "已分解" in details
    shots("task-assigned")
    sign_out(page)

    # 3. The bureau's handler finds the task under the bureau and files progress with evidence.
    sign_in(page, "handler")
    page.goto(f"/reporting/tasks/?year={YEAR}&agency={agency.pk}")
    mine = page.locator("main table tbody tr")
    assert mine.count() == 1
    shots("tasks-of-bureau")
    mine.first.locator("a").click()
    page.wait_for_url(task_url)
    form = page.locator("form[action$='/progress/']")
    form.locator("[name=text]").fill("已完成年度立法计划编制，3件法规草案已提请审议。")
    form.locator("[name=percent]").fill("60")
    form.locator("[name=files]").set_input_files(files=[EVIDENCE])
    shots("progress-filled")
    submit(form)
    progress = page.locator("#h-progress ~ table tbody tr")
    assert progress.count() == 1
    assert "60%" in progress.first.inner_text() and "3件法规草案" in progress.first.inner_text()
    with page.expect_download() as download:
        progress.first.locator("a", has_text="立法计划.pdf").click()
    assert download.value.suggested_filename == "立法计划.pdf"
    assert "推进中（60%）" in page.locator("dl.detail").inner_text()
    shots("task-progress")
    sign_out(page)

    # 4. The office drafts the 2021 report from live data and writes a narrative paragraph.
    sign_in(page, "supervisor")
    page.goto("/reporting/reports/")
    shots("reports-empty")
    form = page.locator("main form.stack")
    form.locator("[name=year]").fill(str(YEAR))
    form.locator("[name=scope]").select_option("")
    submit(form)
    page.wait_for_url(re.compile(r"/reporting/reports/\d+/$"))
    report_url = page.url
    assert page.locator("h1").inner_text() == f"厦门市人民政府关于{YEAR}年法治政府建设情况的报告"
    figures = page.locator("#sec-1 ~ .report-block p.figure")
    body = page.locator("main").inner_text()
    assert "新收政府信息公开申请：4件" in body
    assert "依申请公开按时答复率：66.67%（2/3）" in body
    assert figures.count() >= 3
    shots("report-draft")
    figures.filter(has_text="依申请公开按时答复率").locator("a", has_text="查看记录").click()
    page.wait_for_url(re.compile(rf"/reporting/indicators/disclosure\.on_time_rate/\?year={YEAR}$"))
    counted = page.locator("main table tbody tr")
    assert counted.count() == 3 and "共 3 条" in page.locator("main .panel").inner_text()
    shots("indicator-records")
    page.go_back()
    block = page.locator("section[aria-labelledby=sec-1] .report-block").first
    block.locator("summary").click()
    narrative = "全市依申请公开办理全程留痕，按时答复率较上年提高。"
    block.locator("textarea[name=text]").fill(narrative)
    shots("report-editing")
    submit(block.locator("form[action$='/edit/']"))
    assert narrative in page.locator("section[aria-labelledby=sec-1]").inner_text()
    # Prompts left in a draft block approval; 2022 has no key tasks, so section 4 is a prompt.
    unfinished = page.locator("#unfinished").inner_text()
    assert "四、2022年推进法治政府建设的主要安排：第1段仍是未修改的提示文字" in unfinished
    assert "一、" not in unfinished
    for number, text in SECTION_TEXTS.items():
        block = page.locator(f"section[aria-labelledby=sec-{number}] .report-block").first
        block.locator("summary").click()
        block.locator("textarea[name=text]").fill(text)
        submit(block.locator("form[action$='/edit/']"))
    assert page.locator("#unfinished").count() == 0
    shots("report-written")
    assert page.locator("form[action$='/approve/']").count() == 0  # the drafter cannot approve
    assert "起草人不能审批" in page.locator("section[aria-labelledby=h-actions]").inner_text()
    sign_out(page)

    # 5. The office's head (not the drafter) approves; the office publishes.
    sign_in(page, "officehead")
    page.goto(report_url)
    shots("report-to-approve")
    submit(page.locator("form[action$='/approve/']"))
    assert "审批：孙主任" in page.locator("main h1 + p").inner_text()
    shots("report-approved")
    sign_out(page)
    sign_in(page, "supervisor")
    page.goto(report_url)
    submit(page.locator("form[action$='/publish/']"))
    meta = page.locator("main h1 + p").inner_text()
    assert "已公布" in meta and "公开页面" in meta
    assert "已公布的报告不可修改" in page.locator("main").inner_text()
    assert page.locator("form[action$='/edit/']").count() == 0
    shots("report-published")
    sign_out(page)

    # 6. A member of the public reads the report and the records behind the on-time rate.
    page.goto("/reporting/public/")
    shots("public-list")
    page.locator("main a", has_text=f"{YEAR}年法治政府建设情况的报告").click()
    page.wait_for_url(re.compile(r"/reporting/public/\d+/$"))
    body = page.locator("main").inner_text()
    assert narrative in body and "依申请公开按时答复率：66.67%（2/3）" in body
    assert "数据在公布后已变化" not in body
    shots("public-report")
    figure = page.locator("p.figure", has_text="依申请公开按时答复率")
    figure.locator("a", has_text="查看记录").click()
    page.wait_for_url(re.compile(r"/reporting/public/\d+/figures/disclosure\.on_time_rate/$"))
    assert page.locator("h1").inner_text() == "依申请公开按时答复率"
    assert "公布时计入的记录 3 条" in page.locator("main .panel").inner_text()
    records = page.locator("main table tbody tr")
    assert records.count() == 3
    assert all("厦门市司法局" in records.nth(i).inner_text() for i in range(3))
    assert "张三" not in page.content() and "13912345678" not in page.content()
    shots("public-figure")
    records.first.locator("a", has_text="查看公开答复").click()
    page.wait_for_url(re.compile(r"/disclosure/replies/"))
    assert "现将所申请的信息提供给您" in page.locator("main").inner_text()
    assert "张三" not in page.content() and "350203199001011234" not in page.content()
    shots("public-reply")

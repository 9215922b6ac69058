"""Staff and public pages: import with preview, tasks, supervision, indicators, dashboard."""

import io

import pytest

from fazhi.reporting import annual_reports, key_tasks, supervision_findings
from fazhi.reporting.models import ImportedReport, KeyTask


def login(client, username: str) -> None:
    assert client.login(username=username, password=f"pw-{username}-123456")


@pytest.mark.django_db
def test_import_page_previews_then_saves(client, supervisor, agency, seed_bytes):
    login(client, "supervisor")
    upload = io.BytesIO(seed_bytes)
    upload.name = "xiamen-2020-report.txt"
    page = client.post("/reporting/import/", {"file": upload, "year": "2020"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "删除拼音注音 223 处；疑似乱码 3 处" in html and "任务 18 项（8 个领域）" in html
    assert "标题：（未识别）；年度：2020；发布机关：（未识别）" in html  # the seed has no title line
    assert not ImportedReport.objects.exists()  # preview writes nothing
    sha = page.context["sha256"]
    saved = client.post("/reporting/import/", {"save": "1", "sha256": sha, "year": "2020",
                                               "filename": "xiamen-2020-report.txt"})
    assert saved.status_code == 302 and saved["Location"].endswith("?year=2021")
    assert KeyTask.objects.filter(year=2021).count() == 18


@pytest.mark.django_db
def test_import_page_shows_bad_file_message(client, supervisor):
    login(client, "supervisor")
    upload = io.BytesIO(b"")
    upload.name = "empty.txt"
    page = client.post("/reporting/import/", {"file": upload})
    assert page.status_code == 422 and "文件为空" in page.content.decode()
    forged = client.post("/reporting/import/", {"save": "1", "sha256": "../../etc/passwd"})
    assert forged.status_code == 422 and "预览已失效" in forged.content.decode()


@pytest.mark.django_db
def test_import_page_is_for_the_office(client, handler):
    login(client, "handler")
    assert client.get("/reporting/import/").status_code == 403


@pytest.mark.django_db
def test_assign_page_reports_a_missing_agency(client, supervisor):
    task = key_tasks.create_task(supervisor, year=2021, text="推进行政执法三项制度")
    login(client, "supervisor")
    page = client.post(f"/reporting/tasks/{task.pk}/assign/", {"lead_agency": "999999"},
                       follow=True)
    assert "牵头单位（编号 999999）不存在" in page.content.decode()


@pytest.mark.django_db
def test_pages_render_for_staff(client, supervisor, handler, agency):
    task = key_tasks.create_task(supervisor, year=2021, text="推进行政执法三项制度")
    key_tasks.assign_task(supervisor, task, lead_agency_id=agency.pk)
    finding = supervision_findings.create_finding(supervisor, agency_id=agency.pk, text="公示不全",
                                      rectify_by=__import__("datetime").date(2099, 1, 1))
    report = annual_reports.create_report(supervisor, year=2024)
    login(client, "supervisor")
    for url in ("/reporting/", "/reporting/tasks/?year=2021", f"/reporting/tasks/{task.pk}/",
                "/reporting/supervision/", f"/reporting/findings/{finding.pk}/",
                "/reporting/rules/", "/reporting/indicators/?year=2024",
                "/reporting/indicators/disclosure.on_time_rate/?year=2024",
                "/reporting/dashboard/?year=2024", "/reporting/reports/",
                f"/reporting/reports/{report.pk}/", "/reporting/public/"):
        assert client.get(url).status_code == 200, url
    docx = client.get(f"/reporting/reports/{report.pk}/docx/")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    client.logout()
    login(client, "handler")
    assert client.get("/reporting/dashboard/").status_code == 403
    assert client.get(f"/reporting/reports/{report.pk}/").status_code == 404  # a city draft
    assert client.get(f"/reporting/findings/{finding.pk}/").status_code == 200  # own agency
    assert client.get("/reporting/indicators/nope/").status_code == 404


@pytest.mark.django_db
def test_progress_form_stores_evidence(client, supervisor, handler, agency):
    task = key_tasks.create_task(supervisor, year=2021, text="推进行政执法三项制度")
    key_tasks.assign_task(supervisor, task, lead_agency_id=agency.pk)
    login(client, "handler")
    evidence = io.BytesIO(b"%PDF-1.4 test")
    evidence.name = "会议纪要.pdf"
    client.post(f"/reporting/tasks/{task.pk}/progress/",
                {"text": "已召开推进会", "percent": "40", "files": [evidence]})
    progress = task.progress.get()
    assert progress.percent == 40 and progress.evidence[0]["filename"] == "会议纪要.pdf"
    got = client.get(f"/reporting/progress/{progress.pk}/evidence/0/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 test"
    assert client.get(f"/reporting/progress/{progress.pk}/evidence/5/").status_code == 404


@pytest.mark.django_db
def test_anonymous_users_go_to_login(client):
    assert client.get("/reporting/tasks/").status_code == 302

"""The demo city's key tasks and its published annual report with real figures."""


from fazhi.reporting.models import AnnualReport, KeyTask, ProgressReport


def test_demo_tasks_and_published_report_with_figures(demo_city, client):
    out, err = demo_city
    assert err == ""
    assert KeyTask.objects.filter(status=KeyTask.DONE).exists()
    assert KeyTask.objects.filter(status=KeyTask.IN_PROGRESS).exists()
    assert ProgressReport.objects.exists()

    report = AnnualReport.objects.get(status=AnnualReport.PUBLISHED)
    figures = list(report.figures.all())
    assert figures and all(f.value is not None for f in figures)
    assert all(f.value or f.denominator for f in figures)  # no empty count in a real report
    page = client.get(f"/reporting/public/{report.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert report.title in text and "无可计算的记录" not in text

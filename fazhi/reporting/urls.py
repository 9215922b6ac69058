from django.urls import path

from fazhi.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.home, name="home"),
    path("import/", views.import_report, name="import"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/<slug:action>/", views.task_action, name="task_action"),
    path("progress/<int:pk>/evidence/<int:index>/", views.progress_evidence,
         name="progress_evidence"),
    path("supervision/", views.supervision, name="supervision"),
    path("findings/new/", views.finding_new, name="finding_new"),
    path("findings/<int:pk>/", views.finding_detail, name="finding"),
    path("findings/<int:pk>/<slug:action>/", views.finding_action, name="finding_action"),
    path("rectifications/<int:pk>/evidence/<int:index>/", views.rectification_evidence,
         name="rectification_evidence"),
    path("rules/", views.rules, name="rules"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/docx/", views.report_docx, name="report_docx"),
    path("reports/<int:pk>/<slug:action>/", views.report_action, name="report_action"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_report, name="public_report"),
    path("public/<int:pk>/docx/", views.public_docx, name="public_docx"),
    path("public/<int:pk>/figures/<str:code>/", views.public_figure, name="public_figure"),
]

from django.urls import path

from fazhi.workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("export.<slug:fmt>", views.inbox_export, name="export"),
    path("cases/<int:pk>/", views.case_page, name="case"),
    path("cases/<int:pk>/act/<slug:action>/", views.case_act, name="act"),
    path("cases/<int:pk>/documents/<slug:code>/", views.issue_document, name="issue_document"),
    path("cases/<int:pk>/signoff/<int:signoff_pk>/<slug:decision>/", views.signoff_step,
         name="signoff"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("supervision/", views.supervision, name="supervision"),
]

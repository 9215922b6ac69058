from django.urls import path

from fazhi.workspace import views

app_name = "workspace"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("export.<slug:fmt>", views.inbox_export, name="export"),
    path("cases/<int:pk>/", views.case_page, name="case"),
    path("cases/<int:pk>/act/<slug:action>/", views.case_act, name="act"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("supervision/", views.supervision, name="supervision"),
]

from django.urls import path

from fazhi.normative import views

app_name = "normative"

urlpatterns = [
    path("", views.library, name="library"),
    path("consultations/", views.consultations, name="consultations"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/comment/", views.comment, name="comment"),
    path("documents/<int:pk>/suggest/", views.suggest, name="suggest"),
    path("cleanups/", views.cleanups, name="cleanups"),
    path("cleanups/<int:pk>/", views.cleanup, name="cleanup"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/oversight/", views.staff_oversight, name="staff_oversight"),
    path("staff/cleanups/", views.staff_cleanups, name="staff_cleanups"),
    path("staff/cleanups/<int:pk>/", views.staff_cleanup, name="staff_cleanup"),
    path("staff/<int:pk>/", views.staff_document, name="staff_document"),
    path("staff/<int:pk>/act/<slug:action>/", views.staff_act, name="staff_act"),
    path("staff/<int:pk>/comments/<int:comment_id>/", views.staff_comment, name="staff_comment"),
]

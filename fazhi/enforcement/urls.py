from django.urls import path

from fazhi.enforcement import simple_views, views

app_name = "enforcement"

urlpatterns = [
    path("enforcement/decisions/", views.decisions, name="decisions"),
    path("enforcement/decisions/<int:pk>/", views.decision, name="decision"),
    path("track/penalty/defend/", views.track_defend, name="track_defend"),
    path("track/penalty/hearing/", views.track_hearing, name="track_hearing"),
    path("workspace/enforcement/new/", views.staff_new, name="staff_new"),
    path("workspace/enforcement/<int:pk>/records/new/", views.record_new, name="record_new"),
    path("workspace/enforcement/records/<int:pk>/download/", views.record_download,
         name="record_download"),
]

urlpatterns += [  # the simple (on-the-spot) procedure
    path("workspace/enforcement/on-the-spot/", simple_views.simple_new, name="simple_new"),
    path("workspace/enforcement/forms/", simple_views.simple_forms, name="simple_forms"),
]

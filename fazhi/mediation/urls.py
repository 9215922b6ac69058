from django.urls import path

from fazhi.mediation import views

app_name = "mediation"

urlpatterns = [
    path("mediation/apply/", views.apply, name="apply"),
    path("mediation/receipt/", views.receipt, name="receipt"),
    path("track/mediation/stop/", views.track_stop, name="track_stop"),
    path("workspace/mediation/new/", views.staff_new, name="staff_new"),
    path("workspace/mediation/campaigns/", views.campaigns, name="campaigns"),
]

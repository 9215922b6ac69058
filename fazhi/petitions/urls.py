from django.urls import path

from fazhi.petitions import views

app_name = "petitions"

urlpatterns = [
    path("petitions/submit/", views.submit, name="submit"),
    path("petitions/receipt/", views.receipt, name="receipt"),
    path("track/petition/review/", views.track_review, name="track_review"),
    path("track/petition/rate/", views.track_rate, name="track_rate"),
    path("workspace/petitions/new/", views.staff_new, name="staff_new"),
    path("workspace/petitions/backlog/", views.backlog, name="backlog"),
]

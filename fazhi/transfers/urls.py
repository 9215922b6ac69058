from django.urls import path

from fazhi.transfers import views

app_name = "transfers"

urlpatterns = [
    path("workspace/transfers/", views.staff_list, name="staff"),
    path("workspace/transfers/new/", views.staff_new, name="new"),
    path("workspace/transfers/supervision/", views.supervision, name="supervision"),
    path("workspace/transfers/thresholds/", views.staff_thresholds, name="thresholds"),
    path("transfers/", views.public, name="public"),
]

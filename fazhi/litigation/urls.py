from django.urls import path

from fazhi.litigation import views

app_name = "litigation"

urlpatterns = [
    path("workspace/litigation/new/", views.staff_new, name="staff_new"),
]

from django.urls import path

from tests.example_app import views

app_name = "example_app"

urlpatterns = [
    path("staff/", views.staff, name="staff"),
    path("", views.public, name="public"),
]

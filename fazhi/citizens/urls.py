from django.urls import path

from fazhi.citizens import views

app_name = "citizens"

urlpatterns = [
    path("citizen/", views.home, name="home"),
    path("citizen/login/", views.CitizenLogin.as_view(), name="login"),
    path("citizen/logout/", views.logout_view, name="logout"),
    path("citizen/verify/", views.verify, name="verify"),
    path("citizen/open/", views.open_matter, name="open"),
    path("citizen/rate/", views.rate, name="rate"),
    path("workspace/person/", views.staff_person, name="staff_person"),
]

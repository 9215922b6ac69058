from django.urls import path

from fazhi.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("track/", views.track, name="track"),
    path("track/exit/", views.track_exit, name="track_exit"),
    path("search/", views.search, name="search"),
    path("ledger/", views.ledger, name="ledger"),
]

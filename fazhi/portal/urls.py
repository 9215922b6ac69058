from django.urls import path

from fazhi.portal import site_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("track/", views.track, name="track"),
    path("track/exit/", views.track_exit, name="track_exit"),
    path("search/", views.search, name="search"),
    path("ledger/", views.ledger, name="ledger"),
    path("contacts/", site_views.contacts, name="contacts"),
    path("accessibility/", site_views.accessibility, name="accessibility"),
    path("sitemap/", site_views.sitemap, name="sitemap"),
]

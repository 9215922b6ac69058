from django.urls import path

from fazhi.portal import site_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("disclosure/apply/", views.apply, name="apply"),
    path("disclosure/receipt/", views.receipt, name="receipt"),
    path("disclosure/replies/", views.replies, name="replies"),
    path("disclosure/replies/<int:pk>/", views.reply_detail, name="reply"),
    path("track/", views.track, name="track"),
    path("track/correction/", views.track_correction, name="track_correction"),
    path("track/withdraw/", views.track_withdraw, name="track_withdraw"),
    path("track/exit/", views.track_exit, name="track_exit"),
    path("ledger/", views.ledger, name="ledger"),
    path("contacts/", site_views.contacts, name="contacts"),
    path("accessibility/", site_views.accessibility, name="accessibility"),
    path("sitemap/", site_views.sitemap, name="sitemap"),
]

"""Disclosure statistics, mounted at /workspace/disclosure/stats/ by fazhi/urls.py."""

from django.urls import path

from fazhi.disclosure import views_stats

app_name = "disclosure_stats"

urlpatterns = [
    path("", views_stats.stats_page, name="table"),
    path("xlsx", views_stats.stats_xlsx, name="xlsx"),
]

from django.urls import path

from fazhi.normative import search_views

app_name = "library"

urlpatterns = [
    path("", search_views.library, name="library"),
    path("<int:pk>/", search_views.detail, name="detail"),
    path("staff/", search_views.staff_search, name="staff"),
    path("staff/import/", search_views.staff_import, name="import"),
]

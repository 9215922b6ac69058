from django.urls import path

from fazhi.custody import views

app_name = "custody"

urlpatterns = [
    path("workspace/custody/", views.items, name="items"),
    path("workspace/custody/seize/", views.seize, name="seize"),
    path("workspace/custody/reports/", views.reports, name="reports"),
    path("workspace/custody/items/<int:pk>/", views.item, name="item"),
    path("workspace/custody/items/<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("workspace/custody/items/<int:pk>/label.pdf", views.label, name="label"),
    path("workspace/custody/photos/<int:pk>/", views.photo, name="photo"),
]

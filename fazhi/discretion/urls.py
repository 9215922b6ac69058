from django.urls import path

from fazhi.discretion import views

app_name = "discretion"

urlpatterns = [
    path("discretion/", views.public_list, name="list"),
    path("discretion/<int:pk>/", views.public_detail, name="detail"),
    path("discretion/exemptions/", views.public_lists, name="lists"),
    path("workspace/discretion/", views.staff, name="staff"),
    path("workspace/discretion/import/", views.staff_import, name="import"),
    path("workspace/discretion/lists/import/", views.staff_import_list, name="import_list"),
    path("workspace/discretion/<int:pk>/publish/", views.staff_publish, name="publish"),
    path("workspace/discretion/lists/<int:pk>/publish/", views.staff_publish_list, name="publish_list"),
]

from django.urls import path

from fazhi.powers import views

app_name = "powers"

urlpatterns = [
    path("powers/", views.bodies, name="bodies"),
    path("powers/items/", views.items, name="items"),
    path("powers/officers/", views.lookup, name="lookup"),
    path("workspace/powers/", views.staff_officers, name="staff_officers"),
    path("workspace/powers/officers/<int:pk>/", views.staff_officer, name="staff_officer"),
    path("workspace/powers/import/", views.staff_import, name="staff_import"),
    path("workspace/powers/import/template.csv", views.staff_template, name="staff_template"),
]

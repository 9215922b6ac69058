from django.urls import path

from fazhi.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("results/", views.results, name="results"),
    path("verifier/fazhi_verify_inspection.py", views.verifier_download, name="verifier"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/targets/", views.plan_targets, name="targets"),
    path("plans/<int:pk>/verify/", views.verify, name="verify"),
    path("plans/<int:pk>/artefacts/<str:name>", views.artefact, name="artefact"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/import/", views.staff_import, name="staff_import"),
    path("staff/plans/<int:pk>/", views.staff_plan, name="staff_plan"),
    path("staff/plans/<int:pk>/act/<slug:action>/", views.staff_act, name="staff_act"),
    path("staff/plans/<int:pk>/internal/<str:name>", views.staff_internal, name="staff_internal"),
    path("staff/targets/<int:pk>/recuse/", views.staff_recuse, name="staff_recuse"),
    path("staff/targets/<int:pk>/result/", views.staff_result, name="staff_result"),
    path("staff/records/<int:pk>/publish/", views.staff_publish_result,
         name="staff_publish_result"),
]

from django.urls import path

from fazhi.lottery import views

app_name = "lottery"

urlpatterns = [
    path("", views.lottery_list, name="list"),
    path("verifier/", views.verifier_page, name="verifier"),
    path("verifier/fazhi_verify.py", views.verifier_download, name="verifier_download"),
    path("<int:pk>/", views.announcement, name="detail"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/register/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/mine/", views.mine, name="mine"),
    path("<int:pk>/appeal/", views.appeal, name="appeal"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/artefacts/bundle.zip", views.artefact_bundle, name="artefact_bundle"),
    path("<int:pk>/artefacts/<str:name>", views.artefact, name="artefact"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/commitment-help/", views.commitment_help, name="commitment_help"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/act/<slug:action>/", views.staff_act, name="staff_act"),
]

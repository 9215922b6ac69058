from django.urls import path

from fazhi.reconsideration import views

app_name = "reconsideration"

urlpatterns = [
    path("reconsideration/apply/", views.apply, name="apply"),
    path("reconsideration/receipt/", views.receipt, name="receipt"),
    path("workspace/reconsideration/new/", views.staff_new, name="staff_new"),
    path("reconsideration/decisions/", views.decisions, name="decisions"),
    path("reconsideration/decisions/<int:pk>/", views.decision, name="decision"),
    path("track/reconsideration/correct/", views.track_correct, name="track_correct"),
    path("experts/", views.expert_home, name="expert_home"),
    path("experts/<int:pk>/", views.expert_case, name="expert_case"),
    path("experts/<int:pk>/opinion/", views.expert_act, {"what": "opinion"}, name="expert_opinion"),
    path("experts/<int:pk>/conflict/", views.expert_act, {"what": "conflict"},
         name="expert_conflict"),
]

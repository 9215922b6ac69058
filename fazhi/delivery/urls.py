from django.urls import path

from fazhi.delivery import views

app_name = "delivery"

urlpatterns = [
    path("delivery/", views.guide, name="guide"),
    path("delivery/inbox/", views.inbox, name="inbox"),
    path("delivery/inbox/<int:pk>/open/", views.inbox_open, name="inbox_open"),
    path("delivery/inbox/consent/", views.inbox_consent, name="inbox_consent"),
    path("delivery/inbox/consent/revoke/", views.inbox_revoke, name="inbox_revoke"),
    path("workspace/delivery/", views.staff_list, name="staff"),
    path("workspace/delivery/case/<int:case_pk>/", views.staff_case, name="case"),
    path("workspace/delivery/case/<int:case_pk>/serve/", views.staff_serve, name="serve"),
    path("workspace/delivery/case/<int:case_pk>/consent/", views.staff_consent, name="consent"),
    path("workspace/delivery/<int:pk>/post/", views.staff_post, name="post"),
    path("workspace/delivery/<int:pk>/receipt/", views.staff_receipt, name="receipt"),
    path("workspace/delivery/<int:pk>/evidence.zip", views.evidence, name="evidence"),
]

from django.urls import path

from fazhi.complaints import views

app_name = "complaints"

urlpatterns = [
    path("complaints/submit/", views.submit, name="submit"),
    path("complaints/receipt/", views.receipt, name="receipt"),
    path("track/complaint/withdraw/", views.track_withdraw, name="track_withdraw"),
    path("workspace/complaints/new/", views.staff_new, name="staff_new"),
    path("workspace/complaints/businesses/", views.businesses, name="businesses"),
]

from django.urls import path

from fazhi.api import private, public

urlpatterns = [
    path("v1/", private.api.urls),
    path("public/v1/", public.api.urls),
]

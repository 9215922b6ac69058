"""Staff sign-in and sign-out (django.contrib.auth views, our templates)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True),
         name="login"),
    # Logout is POST only (Django 5); staff return to the sign-in page.
    path("logout/", auth_views.LogoutView.as_view(next_page=reverse_lazy("login")),
         name="logout"),
]

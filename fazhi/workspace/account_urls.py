"""Staff sign-in and sign-out (django.contrib.auth views, our templates)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from fazhi.core import modules
from fazhi.org.actors import Actor


class SignIn(auth_views.LoginView):
    """Staff go to the workspace; a user who is not staff (a committee expert, a citizen)
    to the page of the module that knows them, instead of the workspace's 403."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        if Actor.for_user(self.request.user) is None:
            return modules.landing_for(self.request.user) or super().get_default_redirect_url()
        return super().get_default_redirect_url()


urlpatterns = [
    path("login/", SignIn.as_view(), name="login"),
    # Logout is POST only (Django 5); staff return to the sign-in page.
    path("logout/", auth_views.LogoutView.as_view(next_page=reverse_lazy("login")),
         name="logout"),
]

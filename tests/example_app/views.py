from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.core.web import staff_actor, staff_nav
from tests.example_app import queries


def staff(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    return render(request, "example_app/staff.html",
                  staff_nav(actor, request) | {"cases": queries.for_staff(actor)})


def public(request: HttpRequest) -> HttpResponse:
    return render(request, "example_app/public.html", {"cases": queries.published()})

"""Turn the two cross-cutting refusals into responses, so no view repeats the handling."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.core.errors import DomainError
from fazhi.core.web import LoginRequired


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, LoginRequired):
            return exc.response
        if isinstance(exc, DomainError):
            return render(request, "error.html", {"message": exc.message, "status": exc.status},
                          status=exc.status)
        return None

"""Its staff API route, mounted on /api/v1/ by the API shell."""

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from tests.example_app import queries

private = Router(tags=["example"])


class ExampleCaseOut(Schema):
    number: str
    title: str
    state: str
    received_on: date


@private.get("/example/cases", response=list[ExampleCaseOut], summary="本机关的示例事项")
def cases(request: HttpRequest) -> list:
    return list(queries.for_staff(request.auth))

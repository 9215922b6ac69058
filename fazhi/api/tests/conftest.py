"""API fixtures: tokens, clients and a few disclosure cases built through the engine."""

from datetime import date

import pytest
from django.test import Client

from fazhi.api.models import ApiToken
from fazhi.disclosure.services import act
from fazhi.disclosure.tests import factories as f

DAY = date(2025, 9, 1)


def token_for(actor, name: str = "测试") -> str:
    from django.contrib.auth.models import User

    return ApiToken.issue(User.objects.get(pk=actor.user_id), name)[1]


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def api(handler):
    """A client that sends the handler's bearer token on every request."""
    return Client(headers={"Authorization": f"Bearer {token_for(handler)}"})


@pytest.fixture
def cases(agency, other_agency, handler, other_handler):
    """Three cases of the agency (received, replied, served) and one of another agency."""
    received = f.received(agency, on=DAY)
    replied = f.replied(agency, handler, on=DAY)
    served = f.replied(agency, handler, on=DAY)
    act(handler, served, "serve", {"method": "post", "served_on": DAY.isoformat()}, today=DAY)
    foreign = f.received(other_agency, on=DAY)
    return {"received": received, "replied": replied, "served": served, "foreign": foreign}

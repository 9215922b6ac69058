import pytest

from fazhi.holidays import services
from fazhi.law import timelimits


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """The process-wide calendar cache must not carry a year loaded in a rolled-back test."""
    services.invalidate()
    yield
    services.invalidate()


@pytest.fixture
def isolated_limits(monkeypatch):
    monkeypatch.setattr(timelimits, "_REGISTRY", {})

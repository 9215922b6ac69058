from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[2] / "law" / "tests" / "fixtures" / "xiamen-2020-report.txt"


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture
def office_head(supervisor):
    """A head in the rule-of-law office (the supervisor's agency): approves city reports."""
    from conftest import make_staff
    from fazhi.org.models import Agency

    office = Agency.objects.get(pk=supervisor.agency_id)
    return make_staff(office, "officehead", ["head"], "孙主任")

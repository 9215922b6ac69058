from datetime import date

import pytest

from conftest import make_staff
from fazhi.enforcement.tests.factories import CATEGORY, World


@pytest.fixture
def market(city):
    from fazhi.org.models import Agency

    return Agency.objects.create(code="XMSCJ", name="厦门市市场监督管理局", short_name="市市场监管局",
                                 region=city)


def officer(agency, code: str, name: str, *, until=date(2027, 12, 31), categories=(CATEGORY,)):
    from fazhi.subjects.models import Officer

    return Officer.objects.create(code=code, name=name, agency=agency, cert_no=f"ZF{code}",
                                  cert_valid_until=until, qualifications=list(categories),
                                  cert_categories=list(categories))


@pytest.fixture
def world(market):
    officers = [officer(market, "E001", "陈执法"), officer(market, "E002", "林执法"),
                officer(market, "E003", "黄执法"),
                officer(market, "E004", "过期", until=date(2024, 12, 31)),
                officer(market, "E005", "外行", categories=("交通运输",))]
    reviewer = make_staff(market, "m_reviewer", ["reviewer"], "周法制")
    qualify(reviewer, "A20151100001")
    return World(market, make_staff(market, "m_handler", ["handler"], "王承办"),
                 make_staff(market, "m_head", ["head"], "李局长"), reviewer, officers)


def qualify(actor, number: str) -> None:
    """The legal-profession qualification (《行政处罚法》第五十八条第二款)."""
    from fazhi.org.models import Staff
    from fazhi.powers.models import LegalQualification

    LegalQualification.objects.create(staff=Staff.objects.get(user_id=actor.user_id),
                                      number=number, obtained_on=date(2015, 11, 1))

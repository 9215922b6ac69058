"""Cases to serve documents in: disclosure replies (the first procedure using delivery)."""

from datetime import date

from fazhi.delivery.services import Party
from fazhi.disclosure.tests import factories as disclosure

DAY = date(2026, 3, 2)
PDF = b"%PDF-1.4 test document\n"


def replied_case(agency, handler, *, e_service: bool = False, **overrides):
    case = disclosure.received(agency, on=DAY, e_service=e_service, **overrides)
    from fazhi.disclosure.services import act

    return act(handler, case, "reply", {"answer_type": "A2", "ground": "",
                                        "text": "经审查，现将所申请的信息提供给您。"}, today=DAY)


def party_of(case) -> Party:
    return Party(key=f"disclosure:{case.number}", name="张三", email="zhangsan@example.com",
                 phone="13912345678")

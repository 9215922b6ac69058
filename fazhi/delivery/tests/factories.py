"""Cases to serve documents in: disclosure replies (the first procedure using delivery)."""

from datetime import date

from django.utils import timezone

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


def english_world(agency, handler) -> None:
    """Deliveries in several states for the English crawl (fazhi/core/tests/test_english.py):
    a reply served in the inbox and read, one waiting to be posted, one posted."""
    from fazhi.delivery import services
    from fazhi.disclosure import eservice

    read = replied_case(agency, handler, e_service=True)
    doc = eservice.reply_document(read)
    served = services.serve(case=read, document_title=doc.title, content=doc.content,
                            filename=doc.filename, party=doc.party, actor=handler)
    services.open_document(served, read)
    for posted in (False, True):
        case = replied_case(agency, handler)
        doc = eservice.reply_document(case)
        item = services.serve(case=case, document_title=doc.title, content=doc.content,
                              filename=doc.filename, party=doc.party, actor=handler)
        if posted:
            services.record_post(item, handler, tracking_number="XA123456789CN",
                                 posted_on=timezone.localdate())

"""Disclosure requests in lifecycle states, built through the engine (never by hand)."""

from datetime import date

from fazhi.disclosure.services import act, submit_request
from fazhi.org.actors import Actor


def application(**overrides) -> dict:
    data = {
        "applicant_type": "natural", "applicant_name": "张三",
        "id_number": "350203199001011234", "phone": "13912345678",
        "email": "zhangsan@example.com", "address": "厦门市思明区湖滨北路1号",
        "channel": "online", "description": "2025年本市行政复议案件办理情况统计数据",
        "form": "electronic", "delivery": "email",
    }
    return data | overrides


def received(agency, *, on: date, actor: Actor | None = None, **overrides):
    return submit_request(agency, actor or Actor.public(), application(**overrides),
                          received_on=on, today=on)


def correcting(agency, handler, *, on: date, due: date):
    case = received(agency, on=on)
    return act(handler, case, "request_correction",
               {"defects": "请说明所需信息的具体年份", "correction_due": due.isoformat()}, today=on)


def replied(agency, handler, *, on: date, answer: str = "A2", ground: str = ""):
    case = received(agency, on=on)
    return act(handler, case, "reply", {"answer_type": answer, "ground": ground,
                                        "text": "经审查，现将所申请的信息提供给您。"}, today=on)

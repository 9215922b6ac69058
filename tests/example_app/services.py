"""Commands of the example procedure, each through the engine."""

from datetime import date

from fazhi.cases.engine import advance, open_case
from fazhi.cases.models import Case
from fazhi.org.actors import Actor
from fazhi.org.models import Agency


def receive(agency: Agency, actor: Actor, subject: str, *, on: date) -> Case:
    return open_case("example", agency, actor, {"subject": subject}, received_on=on,
                     title=subject, today=on)


def finish(actor: Actor, case: Case, *, on: date) -> Case:
    return advance(case, "finish", actor, {"note": "已办结"}, today=on)

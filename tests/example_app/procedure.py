"""A two-state procedure: received, then finished by the agency's handler."""

from datetime import date

from pydantic import BaseModel, Field

from fazhi.cases.procedure import OPEN, Procedure, Transition
from fazhi.cases.step import Step

HANDLER = frozenset({"handler"})


class Opened(BaseModel):
    subject: str = Field(min_length=1, max_length=100, title="事项")


class Finish(BaseModel):
    note: str = Field(default="", max_length=200, title="办理说明")


def _finish(step: Step) -> None:
    step.payload["finished_on"] = step.today.isoformat()


EXAMPLE = Procedure(
    code="example", version="2020", title="示例事项", effective_from=date(2020, 1, 1),
    number_prefix="SL", states={"received": "已收到", "finished": "已办结"},
    final=frozenset({"finished"}), outcomes={"finished": "办结"},
    transitions=(
        Transition(OPEN, "收到", frozenset({""}), "received", HANDLER, Opened),
        Transition("finish", "办结", frozenset({"received"}), "finished", HANDLER, Finish,
                   _finish, outcome="finished", primary=True),
    ),
)

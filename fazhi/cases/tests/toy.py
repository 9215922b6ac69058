"""A toy procedure with three agencies in different parts, for the engine's own tests.

An applicant agency files a complaint about a respondent agency with a reviewing body:
the respondent answers, the body decides (upheld or quashed: the effect chooses among the
declared destinations), the applicant may withdraw until the answer comes (a guard), and
any of the three may add a note.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from fazhi.cases.procedure import OPEN, OWNER, Procedure, Transition
from fazhi.cases.step import Step
from fazhi.law.timelimits import Limit, Unit
from fazhi.org.models import Agency

RESPONDENT, BODY = "respondent", "body"
LIMITS = {"answer": Limit(code="toy.answer", label="答复期限", value=10, unit=Unit.WD,
                          trigger="收到之日", citation="测试规则第一条",
                          effective_from=date(2020, 1, 1))}


class Filing(BaseModel):
    respondent: str = Field(title="被申请机关代码")
    body: str = Field(title="复核机关代码")


class Answer(BaseModel):
    text: str = Field(min_length=2, title="答复意见")


class Decision(BaseModel):
    result: Literal["upheld", "quashed"] = Field(title="决定")


class Note(BaseModel):
    note: str = Field(default="", title="说明")


def filed(step: Step) -> None:
    step.add_party(Agency.objects.get(code=step.data.respondent), RESPONDENT)
    step.add_party(Agency.objects.get(code=step.data.body), BODY)
    step.start_clock("answer", step.case.received_on)


def answered(step: Step) -> None:
    step.finish_clock("answer", step.today)
    step.release_party(RESPONDENT)


def decided(step: Step) -> None:
    step.move_to(step.data.result)
    step.outcome = step.data.result


def not_after_the_answer(case, today: date) -> str | None:  # noqa: ANN001 - a cases.Case
    return "被申请机关已经答复，不能撤回" if case.state == "answered" else None


TOY = Procedure(
    code="toy", version="2020", title="测试复核", effective_from=date(2020, 1, 1),
    states={"filed": "已受理", "answered": "已答复", "upheld": "维持", "quashed": "撤销",
            "withdrawn": "已撤回"},
    final=frozenset({"upheld", "quashed", "withdrawn"}), limits=LIMITS,
    outcomes={"upheld": "维持", "quashed": "撤销", "withdrawn": "撤回"},
    parties={RESPONDENT: "被申请机关", BODY: "复核机关"},
    transitions=(
        Transition(OPEN, "提出复核申请", frozenset({""}), "filed", frozenset({"handler"}),
                   Filing, filed),
        Transition("answer", "答复", frozenset({"filed"}), "answered", frozenset({"handler"}),
                   Answer, answered, parties=frozenset({RESPONDENT})),
        Transition("decide", "作出复核决定", frozenset({"answered"}),
                   frozenset({"upheld", "quashed"}), frozenset({"reviewer"}), Decision, decided,
                   parties=frozenset({BODY})),
        Transition("withdraw", "撤回申请", frozenset({"filed", "answered"}), "withdrawn",
                   frozenset({"handler"}), Note, outcome="withdrawn",
                   guard=not_after_the_answer),
        Transition("note", "记录说明", frozenset({"filed", "answered"}), None,
                   frozenset({"handler", "reviewer"}), Note,
                   parties=frozenset({OWNER, RESPONDENT, BODY})),
    ),
)

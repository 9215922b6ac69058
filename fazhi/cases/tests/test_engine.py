"""The engine on a toy procedure: a case with three agencies in different parts (DESIGN.md §4,
issue 11 item 1), guards run by `advance` and reused by screens, and declared destinations
and outcomes; then a check of every registered procedure's declaration."""

from dataclasses import replace
from datetime import date

import pytest
from pydantic import BaseModel, Field

from conftest import make_staff
from fazhi.cases import procedure as registry
from fazhi.cases.engine import actions_for, advance, open_case
from fazhi.cases.models import Case, Participant
from fazhi.cases.procedure import Procedure, Transition, problems
from fazhi.cases.step import Step
from fazhi.cases.tests.toy import BODY, RESPONDENT, TOY
from fazhi.core.errors import Forbidden, NotAllowed, NotFound
from fazhi.law import timelimits
from fazhi.org.models import Agency

pytestmark = pytest.mark.django_db
DAY = date(2025, 9, 1)


@pytest.fixture
def toy(monkeypatch):
    """TOY registered for this test only (the registries are module dicts)."""
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    monkeypatch.setattr(timelimits, "_REGISTRY", dict(timelimits._REGISTRY))
    return registry.register(TOY)


class Three:
    """The applicant agency (owner), the respondent, the reviewing body, and an outsider."""

    def __init__(self, city):
        def agency(code, name):
            return Agency.objects.create(code=code, name=name, short_name=name[:6], region=city)

        self.applicant = make_staff(agency("A", "甲区人民政府"), "a_handler", ["handler"], "甲")
        self.respondent = make_staff(agency("B", "乙局"), "b_handler", ["handler"], "乙")
        body = agency("C", "丙复议机构")
        self.body = make_staff(body, "c_reviewer", ["reviewer"], "丙")
        self.body_handler = make_staff(body, "c_handler", ["handler"], "丙二")
        self.outsider = make_staff(agency("D", "丁局"), "d_handler", ["handler", "reviewer"], "丁")

    def open(self) -> Case:
        return open_case("toy", Agency.objects.get(code="A"), self.applicant,
                         {"respondent": "B", "body": "C"}, received_on=DAY, title="复核申请",
                         today=DAY)


@pytest.fixture
def three(toy, city):
    return Three(city)


def _inbox(actor) -> list[int]:
    return list(Case.objects.inbox_for(actor).values_list("pk", flat=True))


def test_a_case_with_three_agencies_in_different_parts_end_to_end(three):
    case = three.open()
    parts = set(Participant.objects.filter(case=case).values_list("agency__code", "role"))
    assert parts == {("A", "owner"), ("B", RESPONDENT), ("C", BODY)}
    for actor in (three.applicant, three.respondent, three.body):
        assert _inbox(actor) == [case.pk]
        assert Case.objects.visible_to(actor).filter(pk=case.pk).exists()
    assert _inbox(three.outsider) == [] and not Case.objects.visible_to(three.outsider).exists()

    # each may take only its own transitions
    assert {t.action for t in actions_for(case, three.respondent, DAY)} == {"answer", "note"}
    assert {t.action for t in actions_for(case, three.applicant, DAY)} == {"withdraw", "note"}
    assert {t.action for t in actions_for(case, three.body, DAY)} == {"note"}
    with pytest.raises(Forbidden, match="由本案的被申请机关办理"):
        advance(case, "answer", three.applicant, {"text": "答复"}, today=DAY)
    with pytest.raises(Forbidden, match="被申请机关"):
        advance(case, "answer", three.body_handler, {"text": "答复"}, today=DAY)
    with pytest.raises(NotFound):
        advance(case, "note", three.outsider, {}, today=DAY)
    assert actions_for(case, three.outsider, DAY) == []

    case = advance(case, "answer", three.respondent, {"text": "已依法作出"}, today=DAY)
    assert case.state == "answered"
    # the respondent's part is done: out of its inbox, still readable, no more actions
    assert _inbox(three.respondent) == [] and _inbox(three.applicant) == [case.pk]
    assert Case.objects.visible_to(three.respondent).filter(pk=case.pk).exists()
    assert actions_for(case, three.respondent, DAY) == []
    with pytest.raises(Forbidden):
        advance(case, "note", three.respondent, {"note": "补充"}, today=DAY)

    with pytest.raises(NotFound):  # the reviewer role without a part on the case
        advance(case, "decide", three.outsider, {"result": "quashed"}, today=DAY)
    with pytest.raises(Forbidden, match="由本案的复核机关办理"):
        advance(case, "decide", make_staff(Agency.objects.get(code="A"), "a_reviewer",
                                           ["reviewer"]), {"result": "quashed"}, today=DAY)
    case = advance(case, "decide", three.body, {"result": "quashed"}, today=DAY)
    assert (case.state, case.outcome, case.is_open) == ("quashed", "quashed", False)
    events = list(case.events.values_list("action", "actor"))
    assert events == [("open", "甲"), ("answer", "乙"), ("decide", "丙")]


def test_a_guard_refuses_in_advance_and_hides_the_action_on_screens(three):
    case = advance(three.open(), "answer", three.respondent, {"text": "已依法作出"}, today=DAY)
    assert "withdraw" not in {t.action for t in actions_for(case, three.applicant, DAY)}
    with pytest.raises(NotAllowed, match="被申请机关已经答复，不能撤回") as refused:
        advance(case, "withdraw", three.applicant, {}, today=DAY)
    assert refused.value.status == 409
    assert Case.objects.get(pk=case.pk).event_count == 2


def test_state_and_role_are_checked_before_the_part(three):
    case = three.open()
    with pytest.raises(NotAllowed, match="不能执行“作出复核决定”"):
        advance(case, "decide", three.body, {"result": "upheld"}, today=DAY)
    with pytest.raises(Forbidden, match="权限"):
        advance(case, "answer", three.body, {"text": "答复"}, today=DAY)  # a reviewer, not handler


def _with_effect(toy_proc: Procedure, action: str, effect, **changes) -> Procedure:
    transitions = tuple(replace(t, effect=effect, **changes) if t.action == action else t
                        for t in toy_proc.transitions)
    return registry.register(replace(toy_proc, transitions=transitions))


@pytest.mark.parametrize("effect,message", [
    (lambda step: step.move_to("withdrawn"), "destination 'withdrawn' is not declared"),
    (lambda step: setattr(step.case, "state", "upheld"), "never by assigning case.state"),
    (lambda step: None, "must choose the destination"),
    (lambda step: (step.move_to("upheld"), setattr(step, "outcome", "won")),
     "outcome 'won' is not declared"),
])
def test_destinations_and_outcomes_are_the_declared_ones(three, toy, effect, message):
    case = advance(three.open(), "answer", three.respondent, {"text": "已依法作出"}, today=DAY)
    _with_effect(toy, "decide", effect)
    with pytest.raises(RuntimeError, match=message):
        advance(case, "decide", three.body, {"result": "upheld"}, today=DAY)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.state, stored.event_count) == ("answered", 2)  # nothing written


def test_a_part_given_twice_is_one_row_and_a_released_part_can_return(three, toy):
    case = three.open()

    def again(step: Step) -> None:
        step.add_party(Agency.objects.get(code="B"), RESPONDENT)

    _with_effect(toy, "note", again)
    advance(case, "note", three.applicant, {}, today=DAY)
    assert Participant.objects.filter(case=case, role=RESPONDENT).count() == 1
    Participant.objects.filter(case=case, role=RESPONDENT).update(active=False)
    advance(case, "note", three.applicant, {}, today=DAY)
    assert Participant.objects.get(case=case, role=RESPONDENT).active


class Untitled(BaseModel):
    text: str = Field(title="text")


def test_problems_finds_undeclared_states_outcomes_parts_and_untitled_fields():
    bad = replace(TOY, transitions=(
        *TOY.transitions,
        Transition("stray", "误操作", frozenset({"filed", "lost"}), frozenset({"gone"}),
                   outcome="won", parties=frozenset({"stranger"}), schema=Untitled)))
    found = problems(bad)
    assert "toy.stray: source state 'lost' undeclared" in found
    assert "toy.stray: destination 'gone' undeclared" in found
    assert "toy.stray: outcome 'won' undeclared" in found
    assert "toy.stray: part 'stranger' undeclared" in found
    assert "toy.stray: field 'text' has no Chinese title" in found
    with pytest.raises(ValueError, match="stray"):
        registry.register(bad)
    assert problems(TOY) == []


def test_every_registered_procedure_declares_its_states_destinations_and_outcomes():
    """Every version of every procedure (a case keeps the version it began under): states,
    destinations, outcomes and parts declared, every schema field titled in Chinese."""
    procs = registry.all_versions()
    assert {"disclosure", "normative"} <= {p.code for p in procs}
    assert {p.code: problems(p) for p in procs} == {p.code: [] for p in procs}


def test_the_api_offers_an_action_whose_effect_chooses_the_state(three):
    """The staff API lists each action with its target state: none when the effect chooses
    among declared destinations (no 500 for a set)."""
    from fazhi.cases.serializers import allowed_actions
    from fazhi.core.api_schemas import ActionOut

    case = advance(three.open(), "answer", three.respondent, {"text": "已依法作出"}, today=DAY)
    offered = {a["action"]: ActionOut(**a) for a in allowed_actions(case, three.body)}
    assert offered["decide"].target_state is None and offered["note"].target_state is None
    assert [a["target_state"] for a in allowed_actions(three.open(), three.applicant)
            if a["action"] == "withdraw"] == ["withdrawn"]

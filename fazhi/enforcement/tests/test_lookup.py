"""The public lookup of published penalty decisions (《行政处罚法》第四十八条; 国办发〔2018〕118号
事后公开): by exact credit code or decision number, by a fragment anywhere in the party's
name or the decision number — through the trigram index from three characters, by reading
every row below (ADR 0043)."""

import pytest

from fazhi.enforcement import services
from fazhi.enforcement.models import PublishedDecision
from fazhi.enforcement.queries import published_matching
from fazhi.enforcement.tests.factories import DAY0

pytestmark = pytest.mark.django_db


def published(world, **lead) -> PublishedDecision:
    case = world.served(**lead)
    services.act(case, "publish", world.handler, {}, today=DAY0)
    return PublishedDecision.objects.get(case=case)


def found(q: str) -> set[str]:
    return set(published_matching(q).values_list("decision_no", flat=True))


@pytest.fixture
def rows(world):
    food = published(world)  # 厦门某某食品有限公司, 91350200MA2Y0000XX
    tech = published(world, party_name="厦门Lutong科技有限公司", party_id="91350200MA2Y0001XX",
                     act_date="2025-02-21")
    return food, tech


def test_art48_lookup_by_name_fragment_anywhere_in_the_name(rows):
    food, tech = rows
    assert found("某某食品") == {food.decision_no}
    assert found("有限公司") == {food.decision_no, tech.decision_no}
    assert found("lutong") == {tech.decision_no}  # Latin letters in any case, as before


def test_art48_lookup_by_exact_credit_code_typed_full_width(rows):
    food, _ = rows
    assert found("91350200MA2Y0000XX") == {food.decision_no}
    assert found("９１３５０２００ＭＡ２Ｙ００００ＸＸ") == {food.decision_no}


def test_art48_lookup_by_decision_number_whole_or_part(rows):
    food, tech = rows
    assert found(food.decision_no) == {food.decision_no}  # complete: by its exact index
    assert found(food.decision_no[-5:]) >= {food.decision_no}
    assert found(food.decision_no[:-1]) >= {food.decision_no}  # without 号: anywhere


def test_art48_short_text_matches_anywhere_too(rows):
    food, tech = rows
    assert found("厦门") == {food.decision_no, tech.decision_no}
    assert found("某某") == {food.decision_no}  # two characters inside the name
    assert found("lu") == {tech.decision_no}
    assert found("无此当事人") == set()


def test_art48_quotes_and_operators_in_the_text_are_plain_text(rows):
    assert found('某"食') == set()
    assert found("食品 OR 科技") == set()
    assert found("某某食品*") == set()


def test_art48_withdrawn_decision_still_found_and_marked(world, rows, client):
    food, _ = rows
    services.act(food.case, "revoke", world.head, {"by": "litigation", "reason": "判决撤销"},
                 today=DAY0)
    services.act(food.case, "withdraw_publicity", world.handler, {"reason": "判决撤销"},
                 today=DAY0)
    assert found("某某食品") == {food.decision_no}
    page = client.get("/enforcement/decisions/", {"q": "某某食品"}).content.decode()
    assert food.decision_no in page and "已撤回" in page


def test_art48_a_text_in_most_names_reads_every_row_and_finds_the_same(rows, monkeypatch):
    from fazhi.enforcement import queries

    food, tech = rows
    monkeypatch.setattr(queries, "BROAD", 1)  # every text counts as broad
    assert found("有限公司") == {food.decision_no, tech.decision_no}
    assert found("某某食品") == {food.decision_no}

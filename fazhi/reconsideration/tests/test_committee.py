"""The reconsideration committee (《行政复议法》第五十二条): a major case's decision needs the
committee's advisory opinion on record; the experts are drawn from the pool by RFC 3797
from public random values, and the draw is stored so anyone can re-run it."""

import pytest

from fazhi.core.errors import InvalidData, NotAllowed
from fazhi.law.rfc3797 import rfc3797_select
from fazhi.reconsideration import services
from fazhi.reconsideration.models import Expert
from fazhi.reconsideration.tests.factories import DAY0

pytestmark = pytest.mark.django_db

SOURCES = ["3 11 17 24 29 33 8", "1 5 9 20 27"]


@pytest.fixture
def pool(db):
    return [Expert.objects.create(code=f"ZJ{n:03d}", name=f"专家{n}", field="行政法")
            for n in range(1, 13)]


def major(world):
    case = world.accepted()
    services.act(case, "set_track", world.handler,
                 {"track": "ordinary", "handler_name": "王复议", "major": True}, today=DAY0)
    services.act(case, "send_copy", world.handler,
                 {"sent_on": "2025-03-03", "received_on": "2025-03-03"}, today=DAY0)
    services.act(case, "file_reply", world.respondent, {"reply": "答复", "evidence": "证据"},
                 today=DAY0)
    return services.act(case, "hear_parties", world.handler, {"way": "phone", "summary": "意见"},
                        today=DAY0)


def test_a_major_case_needs_the_committee_opinion_before_a_proposal_art52(world, pool):
    case = major(world)
    with pytest.raises(NotAllowed) as caught:
        world.propose(case)
    assert "第五十二条" in str(caught.value)
    with pytest.raises(NotAllowed):  # no opinion without the drawn committee
        services.act(case, "record_opinion", world.handler,
                     {"opinion": "意见", "members": ["ZJ001"]}, today=DAY0)


def test_the_draw_is_rfc3797_over_the_pool_and_anyone_can_rerun_it_art52(world, pool):
    case = major(world)
    services.act(case, "draw_committee", world.handler,
                 {"sources": SOURCES, "source_names": "福利彩票双色球第2025025期、体彩第25025期",
                  "count": 5}, today=DAY0)
    case.refresh_from_db()
    drawn = case.reconsideration.committee
    candidates = [e.code for e in pool]
    assert drawn["candidates"] == candidates and drawn["method"] == "RFC 3797"
    rerun = rfc3797_select([s.split() for s in drawn["sources"]], drawn["candidates"], 5)
    assert drawn["chosen"] == rerun and len(set(rerun)) == 5
    with pytest.raises(NotAllowed):
        services.act(case, "draw_committee", world.handler,
                     {"sources": SOURCES, "source_names": "再抽", "count": 5}, today=DAY0)
    stranger = next(c for c in candidates if c not in rerun)
    with pytest.raises(InvalidData):
        services.act(case, "record_opinion", world.handler,
                     {"opinion": "意见", "members": [stranger]}, today=DAY0)
    services.act(case, "record_opinion", world.handler,
                 {"opinion": "建议撤销", "members": rerun[:3]}, today=DAY0)
    assert world.propose(case).state == "proposed"


def test_a_pool_smaller_than_the_committee_is_refused(world):
    case = major(world)
    with pytest.raises(NotAllowed):
        services.act(case, "draw_committee", world.handler,
                     {"sources": SOURCES, "source_names": "来源", "count": 3}, today=DAY0)


def test_the_published_decision_shows_the_draw_to_rerun(world, pool, client):
    case = major(world)
    services.act(case, "draw_committee", world.handler,
                 {"sources": SOURCES, "source_names": "双色球", "count": 3}, today=DAY0)
    case.refresh_from_db()
    chosen = case.reconsideration.committee["chosen"]
    services.act(case, "record_opinion", world.handler, {"opinion": "建议撤销", "members": chosen},
                 today=DAY0)
    world.propose(case)
    services.act(case, "decide", world.head, {"decision_no": "厦府复〔2025〕5号"}, today=DAY0)
    services.act(case, "serve", world.handler, {"served_on": "2025-03-03", "channel": "direct"},
                 today=DAY0)
    page = client.get(f"/reconsideration/decisions/{case.reconsideration.pk}/").content.decode()
    assert " ".join(chosen) in page and "3.8.11.17.24.29.33./1.5.9.20.27./" in page

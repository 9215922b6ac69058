"""The committee's experts do their part in the browser (《行政复议法》第五十二条, ADR 0049):
a drawn expert signs in, sees the cases they were drawn for (applicant masked), declares a
conflict of interest (回避, then the office redraws) or submits a signed individual opinion
recorded in the case's hash-chained history; the office's committee opinion lists them."""

import json

import pytest
from django.contrib.auth.models import User

from fazhi.core.models import Event
from fazhi.law import ledger
from fazhi.reconsideration import experts, services
from fazhi.reconsideration.models import Expert
from fazhi.reconsideration.tests.factories import DAY0

pytestmark = pytest.mark.django_db

SOURCES = ["3 11 17 24 29 33 8", "1 5 9 20 27"]


@pytest.fixture
def pool(db):
    found = []
    for n in range(1, 13):
        user = User.objects.create_user(f"expert{n}", password=f"pw-expert{n}-123456")
        found.append(Expert.objects.create(code=f"ZJ{n:03d}", name=f"专家{n}", field="行政法",
                                           user=user))
    return found


def drawn(world, count: int = 3):
    case = world.heard()
    services.act(case, "draw_committee", world.handler,
                 {"sources": SOURCES, "source_names": "双色球", "count": count}, today=DAY0)
    case.refresh_from_db()
    return case, case.reconsideration.committee["chosen"]


def sign_in(client, code: str) -> Expert:
    expert = Expert.objects.get(code=code)
    client.force_login(expert.user)
    return expert


def test_a_drawn_expert_sees_the_case_with_the_applicant_masked_art52(world, pool, client):
    case, chosen = drawn(world)
    sign_in(client, chosen[0])
    home = client.get("/experts/")
    assert home.status_code == 200 and case.number in home.content.decode()
    page = client.get(f"/experts/{case.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and "事实不清" in text
    assert "林某某" not in text and "350203199001011234" not in text and "13800000000" not in text
    assert case.receipt_code not in text


def test_an_expert_not_drawn_gets_404_and_a_non_expert_403_art52(world, pool, client):
    case, chosen = drawn(world)
    stranger = next(e for e in pool if e.code not in chosen)
    sign_in(client, stranger.code)
    assert case.number not in client.get("/experts/").content.decode()
    assert client.get(f"/experts/{case.pk}/").status_code == 404
    response = client.post(f"/experts/{case.pk}/opinion/", {"opinion": "意见", "signed": "on"})
    assert response.status_code == 404
    assert not experts.opinions(case)
    client.force_login(User.objects.create_user("nobody"))
    assert client.get("/experts/").status_code == 403
    client.logout()
    assert client.get("/experts/").status_code == 302  # to the sign-in


def test_the_signed_opinion_is_a_chained_record_entry_by_the_expert_art52(world, pool, client):
    case, chosen = drawn(world)
    expert = sign_in(client, chosen[0])
    unsigned = client.post(f"/experts/{case.pk}/opinion/", {"opinion": "建议撤销"})
    assert unsigned.status_code == 422 and not experts.opinions(case)
    done = client.post(f"/experts/{case.pk}/opinion/", {"opinion": "建议撤销", "signed": "on"})
    assert done.status_code == 302
    event = Event.objects.get(kind="case", owner_id=case.pk, action=experts.OPINION)
    assert event.actor == f"行政复议委员会专家 {expert.code} {expert.name}"
    assert event.actor_user_id == expert.user_id
    payload = json.loads(event.payload)
    assert payload["opinion"] == "建议撤销" and payload["signed"] == experts.SIGNATURE
    prev = Event.objects.get(kind="case", owner_id=case.pk, seq=event.seq - 1)
    assert event.prev_hash == prev.hash
    assert event.hash == ledger.event_hash("case", case.pk, event.seq, event.action, event.actor,
                                           event.at, event.payload, event.state, event.prev_hash)
    case.refresh_from_db()
    assert case.state == "reviewing" and case.head_hash == event.hash
    again = client.post(f"/experts/{case.pk}/opinion/", {"opinion": "再说一次", "signed": "on"})
    assert again.status_code == 409 and "您已提交本案的个人意见" in again.content.decode()
    assert len(experts.opinions(case)) == 1


def test_the_office_opinion_lists_the_submitted_individual_opinions_art52(world, pool, client):
    case, chosen = drawn(world)
    for code, words in zip(chosen[:2], ["建议撤销", "建议维持"], strict=True):
        sign_in(client, code)
        client.post(f"/experts/{case.pk}/opinion/", {"opinion": words, "signed": "on"})
    services.act(case, "record_opinion", world.handler,
                 {"opinion": "多数意见建议撤销", "members": chosen}, today=DAY0)
    event = Event.objects.filter(kind="case", owner_id=case.pk,
                                 action="record_opinion").get()
    listed = json.loads(event.payload)["expert_opinions"]
    assert listed == [f"{chosen[0]} 专家{int(chosen[0][2:])}：建议撤销",
                      f"{chosen[1]} 专家{int(chosen[1][2:])}：建议维持"]
    sign_in(client, chosen[2])  # too late: the committee's opinion is on record
    late = client.post(f"/experts/{case.pk}/opinion/", {"opinion": "迟到", "signed": "on"})
    assert late.status_code == 409 and len(experts.opinions(case)) == 2


def test_a_declared_conflict_blocks_the_opinion_until_the_office_redraws_art52(world, pool,
                                                                               client):
    case, chosen = drawn(world)
    sign_in(client, chosen[1])
    assert client.post(f"/experts/{case.pk}/conflict/", {"reason": "x"}).status_code == 422
    done = client.post(f"/experts/{case.pk}/conflict/", {"reason": "与申请人系近亲属"})
    assert done.status_code == 302
    from fazhi.core.errors import NotAllowed

    with pytest.raises(NotAllowed) as caught:
        services.act(case, "record_opinion", world.handler,
                     {"opinion": "意见", "members": chosen}, today=DAY0)
    assert "回避" in str(caught.value) and "第五十二条" in str(caught.value)
    services.act(case, "draw_committee", world.handler,  # the redraw leaves the expert out
                 {"sources": SOURCES, "source_names": "双色球（重新抽取）", "count": 3}, today=DAY0)
    case.refresh_from_db()
    again = case.reconsideration.committee
    assert chosen[1] not in again["chosen"] and chosen[1] not in again["candidates"]
    assert client.get(f"/experts/{case.pk}/").status_code == 404  # no longer drawn
    services.act(case, "record_opinion", world.handler,
                 {"opinion": "意见", "members": again["chosen"]}, today=DAY0)


def test_the_demo_expert_is_drawn_for_a_case_awaiting_opinions_art52(demo_city):
    from fazhi.core.management.commands.demo import print_logins
    from fazhi.reconsideration.demo import EXPERT_LOGIN

    out, _err = demo_city
    assert "reconsideration #" not in out + _err
    expert = Expert.objects.get(user__username=EXPERT_LOGIN)
    waiting = experts.drawn_for(expert)
    assert any(r.case.state == "reviewing" and not r.committee_opinion for r in waiting)
    assert expert.user.check_password("demo12345")

    class Out(list):
        def write(self, text: str) -> None:
            self.append(text)

    printed = Out()
    print_logins(printed)
    assert EXPERT_LOGIN in "".join(printed)


def test_an_expert_signing_in_on_the_sign_in_page_lands_on_their_cases(world, pool, client):
    """Not on the workspace's 403: the module that knows the user names its page
    (Module.landing); staff still land on the workspace."""
    response = client.post("/accounts/login/", {"username": "expert1",
                                                 "password": "pw-expert1-123456"})
    assert response.status_code == 302 and response["Location"] == "/experts/"
    client.logout()
    User.objects.create_user("someone", password="pw-someone-123456")
    response = client.post("/accounts/login/", {"username": "someone",
                                                 "password": "pw-someone-123456"})
    assert response["Location"] == "/workspace/"  # nobody knows them: the default
    client.logout()
    from conftest import make_staff

    make_staff(world.office, "recon_clerk", ["handler"])
    response = client.post("/accounts/login/", {"username": "recon_clerk",
                                                 "password": "pw-recon_clerk-123456"})
    assert response["Location"] == "/workspace/"

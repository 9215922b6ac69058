"""Whatever people type into the lottery's forms: NFKC identifiers, clear refusals, no 5xx.

Full-width digits (a Chinese input method's default) read as the ASCII digits they are
(fazhi.law.inputs.identifier); what is still not ASCII afterwards is refused with a
Chinese message and 422. The ID-number format itself is GB 11643-1999 (18 characters,
ISO 7064 MOD 11-2 check digit).
"""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from fazhi.core.errors import InvalidData
from fazhi.lottery import registration
from fazhi.lottery.models import Registration, Selection
from fazhi.lottery.tests import factories as f
from fazhi.lottery.tests.factories import HOUR, T0
from fazhi.lottery.tests.test_concurrency import live_lottery
from fazhi.lottery.tests.test_pages import login

pytestmark = pytest.mark.django_db

RELAXED = "1000000/h"


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def arabic_indic(text: str) -> str:
    return "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in text)


@pytest.fixture
def relaxed(settings):
    for name in ("IP", "PERSON", "LOOKUP"):
        setattr(settings, f"FAZHI_THROTTLE_LOTTERY_{name}", RELAXED)


def test_full_width_id_and_phone_register_and_look_up_as_ascii(client, admin):
    """Issue 10 item 12: `id_number=３５０２…` gave a 500 (`encode("ascii")`)."""
    lot = live_lottery(admin)
    response = client.post(reverse("lottery:register", args=[lot.pk]), {
        "name": "张三", "id_number": full_width(f.make_id(7)), "phone": full_width("13800000007"),
        "pool": "individual", "agree": "on"})
    assert response.status_code == 200, response.content.decode()[:500]
    reg = Registration.objects.get(lottery=lot)
    assert reg.phone == "13800000007" and reg.id_tail == f.make_id(7)[-4:]
    mine = client.post(reverse("lottery:mine", args=[lot.pk]), {
        "code": full_width(reg.code.lower()), "id_number": full_width(f.make_id(7))})
    assert mine.status_code == 200 and reg.code in mine.content.decode()


@pytest.mark.parametrize("view", ["register", "mine"])
def test_digits_of_another_script_are_refused_with_a_message(client, admin, view):
    lot = live_lottery(admin)
    data = {"name": "张三", "id_number": arabic_indic(f.make_id(7)), "phone": "13800000007",
            "pool": "individual", "agree": "on", "code": "ABCDEFGHJKMN"}
    response = client.post(reverse(f"lottery:{view}", args=[lot.pk]), data)
    assert response.status_code == 422
    assert "无法识别的字符" in response.content.decode()
    assert not Registration.objects.exists()


def test_services_refuse_non_ascii_identifiers_with_invalid_data(admin, notary):
    lot = f.opened(admin)
    with pytest.raises(InvalidData, match="无法识别的字符"):
        registration.register(lot.pk, name="张三", id_number=arabic_indic(f.make_id(7)),
                          phone="13800000007", pool="individual", now=T0 + HOUR)
    with pytest.raises(InvalidData, match="无法识别的字符"):
        registration.register(lot.pk, name="张三", id_number=f.make_id(7),
                          phone=arabic_indic("13800000007"), pool="individual", now=T0 + HOUR)
    with pytest.raises(InvalidData, match="控制字符"):
        registration.register(lot.pk, name="张\u202e三", id_number=f.make_id(7),
                          phone="13800000007", pool="individual", now=T0 + HOUR)
    assert not Registration.objects.exists()


def test_person_keys_do_not_follow_secret_key(settings):
    """Issue 10 item 19: rotating SECRET_KEY must not change who is "the same person"."""
    from fazhi.lottery.eligibility import person_key

    before = person_key(f.make_id(7))
    settings.SECRET_KEY = "rotated-" + "y" * 50
    assert person_key(f.make_id(7)) == before
    settings.FAZHI_LOTTERY_PERSON_KEY_SECRET = "another-lottery-secret-" + "z" * 30
    assert person_key(f.make_id(7)) != before


def test_production_refuses_to_start_without_the_person_key_secret():
    import secrets

    from fazhi.core.tests.test_settings import run_manage

    result = run_manage("check", FAZHI_ENV="production", FAZHI_SECRET_KEY=secrets.token_urlsafe(50),
                        FAZHI_ALLOWED_HOSTS="fazhi.example.gov.cn")
    assert result.returncode != 0
    assert "FAZHI_LOTTERY_PERSON_KEY_SECRET" in result.stderr


# -- random Unicode into every public lottery form ------------------------------------------

_ID_VARIANTS = st.sampled_from([str, full_width, arabic_indic, str.lower,
                                lambda s: " ".join(s[i:i + 4] for i in range(0, 18, 4))])
identifiers = st.one_of(
    st.text(max_size=24),
    st.builds(lambda n, variant: variant(f.make_id(n)), st.integers(0, 60), _ID_VARIANTS),
)
FIELDS = ("name", "id_number", "phone", "pool", "code", "agree", "otp", "text")
# A valid submission with up to two fields replaced by arbitrary Unicode: each field's
# refusal is reached, and so are the paths behind a valid form (entry created, change
# held, one-time code checked, lookup, appeal).
overrides = st.dictionaries(st.sampled_from(FIELDS), st.one_of(st.text(max_size=40), identifiers),
                            max_size=2)


def test_public_lottery_forms_never_answer_5xx(client, admin, notary, relaxed):
    open_lot = live_lottery(admin)
    published = f.published(admin, notary, n=6)  # persons 0…5, as factories.register_many
    codes = dict(Registration.objects.filter(lottery=published).values_list("name", "code"))
    posts = [reverse(f"lottery:{name}", args=[open_lot.pk])
             for name in ("register", "confirm", "mine")]
    posts += [reverse(f"lottery:{name}", args=[published.pk]) for name in ("mine", "appeal")]

    @hsettings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
    @given(n=st.integers(0, 5), variant=_ID_VARIANTS, url=st.sampled_from(posts),
           otp=st.from_regex(r"\A[0-9０-９]{6}\Z"), changed=overrides)
    def post(n: int, variant, url: str, otp: str, changed: dict) -> None:
        data = {"name": f"测试{n}号", "id_number": variant(f.make_id(n)),
                "phone": f"1380000{n:04d}", "pool": "individual", "code": codes[f"测试{n}号"],
                "agree": "on", "otp": otp, "text": "本人对摇号结果有异议，请予复核"}
        response = client.post(url, {**data, **changed})
        assert response.status_code < 500, (url, data, changed)

    post()


def test_staff_lottery_inputs_never_answer_5xx(client, admin, notary, relaxed):
    lot = f.published(admin, notary, n=6)
    winner = Selection.objects.filter(lottery=lot, kind="winner").first()
    login(client, "lotadmin")

    @hsettings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(value=st.one_of(st.text(max_size=60), st.just(full_width(winner.code))),
           action=st.sampled_from(["claim", "answer_appeal", "rerun", "next_round", "void",
                                   "name_notary", "commit", "reveal"]))
    def post(value: str, action: str) -> None:
        response = client.post(reverse("lottery:staff_act", args=[lot.pk, action]), {
            "code": value, "answer": value, "appeal": value, "sources": value, "op": value,
            "reason": value, "agency": value, "commitment": value, "reveal": value})
        assert response.status_code < 500, (action, value)

    post()

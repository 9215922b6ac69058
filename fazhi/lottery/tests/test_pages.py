"""Portal and staff pages: render, refuse clearly, mask personal data, never a 500."""

import re

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from fazhi.lottery import artefacts, drawing, notary_steps, registration
from fazhi.lottery.models import Lottery, Registration, Selection
from fazhi.lottery.tests import factories as f
from fazhi.lottery.tests.test_concurrency import live_lottery

pytestmark = pytest.mark.django_db


def login(client, username: str) -> None:
    assert client.login(username=username, password=f"pw-{username}-123456")


def test_public_pages_render_with_masked_names(client, admin, notary):
    lot = f.published(admin, notary, n=8)
    winner = Selection.objects.filter(lottery=lot, kind="winner").first()
    reg = Registration.objects.get(code=winner.code)
    for name in ("detail", "results", "verify", "mine", "register"):
        response = client.get(reverse(f"lottery:{name}", args=[lot.pk]))
        assert response.status_code == 200, name
        assert "<h1>" in response.content.decode()
    page = client.get(reverse("lottery:results", args=[lot.pk])).content.decode()
    assert winner.code in page and reg.name not in page and reg.name[0] + "*" in page
    assert client.get(reverse("lottery:list")).status_code == 200
    verifier = client.get(reverse("lottery:verifier")).content.decode()
    assert re.search(r"[0-9a-f]{64}", verifier)


def test_register_page_gives_a_code_and_refuses_after_freeze(client, admin):
    lot = live_lottery(admin)
    data = {"name": "张三", "id_number": f.make_id(7), "phone": "13800000007",
            "pool": "individual", "agree": "on"}
    response = client.post(reverse("lottery:register", args=[lot.pk]), data)
    assert response.status_code == 200
    code = Registration.objects.get(lottery=lot).code
    assert code in response.content.decode()
    assert f.make_id(7) not in response.content.decode()
    for i in range(3):
        registration.register(lot.pk, name=f"李{i}四", id_number=f.make_id(30 + i),
                          phone=f"1390000000{i}", pool="individual")
    notary_steps.freeze(admin, lot.pk)
    response = client.post(reverse("lottery:register", args=[lot.pk]), data)
    assert response.status_code == 409
    assert "已截止登记" in response.content.decode()


def test_register_page_shows_chinese_eligibility_errors(client, admin):
    lot = live_lottery(admin)
    bad = f.make_id(7)[:-1] + ("1" if f.make_id(7)[-1] != "1" else "2")
    response = client.post(reverse("lottery:register", args=[lot.pk]), {
        "name": "张三", "id_number": bad, "phone": "13800000007", "pool": "individual",
        "agree": "on"})
    assert response.status_code == 422
    assert "校验码不正确" in response.content.decode()


def test_busy_database_becomes_a_503_page(client, admin, monkeypatch):
    lot = live_lottery(admin)

    def busy(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(registration, "register", busy)
    response = client.post(reverse("lottery:register", args=[lot.pk]), {
        "name": "张三", "id_number": f.make_id(7), "phone": "13800000007",
        "pool": "individual", "agree": "on"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "系统繁忙，请稍后再试" in response.content.decode()


def test_registration_is_throttled_per_person(client, admin, settings):
    settings.FAZHI_THROTTLE_LOTTERY_PERSON = "2/h"
    lot = live_lottery(admin)
    data = {"name": "张三", "id_number": f.make_id(8), "phone": "13800000008",
            "pool": "individual", "agree": "on"}
    codes = [client.post(reverse("lottery:register", args=[lot.pk]), data).status_code
             for _ in range(3)]
    assert codes == [200, 200, 429]


def test_my_registration_needs_code_and_id_and_shows_the_receipt(client, admin):
    lot = f.frozen(admin, n=5)
    reg = Registration.objects.filter(lottery=lot).order_by("code").first()
    n = int(reg.name[2:-1])
    url = reverse("lottery:mine", args=[lot.pk])
    wrong = client.post(url, {"code": reg.code, "id_number": f.make_id(n + 1)})
    assert wrong.status_code == 404 and reg.name not in wrong.content.decode()
    page = client.post(url, {"code": reg.code.lower(), "id_number": f.make_id(n)})
    body = page.content.decode()
    assert page.status_code == 200 and lot.merkle_root in body
    assert "服务器端核验" in body and "通过" in body and "receipt.js" in body


def test_artefacts_follow_the_protocol_timeline(client, admin, notary):
    lot, _ = f.committed(admin, notary)
    url = lambda name: reverse("lottery:artefact", args=[lot.pk, name])  # noqa: E731
    assert client.get(url("pool.csv")).content.decode() == lot.pool_file
    assert client.get(url("result.json")).status_code == 404
    assert client.get(url("evil.txt")).status_code == 404


def test_staff_pages_are_role_checked(client, admin, notary, handler):
    lot = f.frozen(admin, n=4)
    detail = reverse("lottery:staff_detail", args=[lot.pk])
    assert client.get(detail).status_code == 302  # login first
    login(client, "handler")
    assert client.get(detail).status_code == 403
    client.logout()
    login(client, "notary")
    page = client.get(detail)
    assert page.status_code == 200 and "提交承诺" in page.content.decode()
    response = client.post(reverse("lottery:staff_act", args=[lot.pk, "demo_commit"]),
                           follow=True)
    body = response.content.decode()
    r_n = re.search(r"只显示这一次.*?<code>([0-9a-f]{64})</code>", body, re.S).group(1)
    assert Lottery.objects.get(pk=lot.pk).state == Lottery.COMMITTED
    again = client.get(detail).content.decode()
    assert r_n not in again  # shown once
    refused = client.post(reverse("lottery:staff_act", args=[lot.pk, "publish"]))
    assert refused.status_code in (403, 409)


def test_staff_can_announce_through_the_form(client, admin, notary, notary_office):
    login(client, "lotadmin")
    form = client.get(reverse("lottery:staff_new")).context["form"]
    offices = list(form.fields["notary_agency"].queryset)
    assert offices == [notary_office]  # offices with notaries; never the organiser itself
    response = client.post(reverse("lottery:staff_new"), {
        "title": "口罩预约摇号", "rules": "规则", "eligibility_text": "厦门居民",
        "min_age": "18", "id_prefixes": "3502", "pools": "individual,个人,10,2",
        "unused_quota": "error", "weight_rule": "equal", "max_weight": "1",
        "sources": "kl8-{date}|kl8-{date}-b|福彩快乐8\nsse-{date}||上证综指",
        "registration_opens_at": "2025-06-01 09:00", "freeze_at": "2025-06-02 08:00",
        "draw_at": "2025-06-02 09:00", "appeal_hours": "24", "claim_hours": "36",
        "recurrence": "daily", "notary_agency": str(notary_office.pk)})
    assert response.status_code == 302, response.content.decode()[:2000]
    lot = Lottery.objects.get()
    assert lot.pools[0]["quota"] == 10 and '"kl8-2025-06-02"' in lot.spec_json
    assert lot.notary_agency == notary_office
    bad = client.post(reverse("lottery:staff_new"), {"title": "x"})
    assert bad.status_code == 422


def test_register_page_shows_every_problem_in_one_round(client, admin):
    lot = live_lottery(admin)
    good = f.make_id(7)
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    response = client.post(reverse("lottery:register", args=[lot.pk]), {
        "name": "张三", "id_number": bad, "phone": "12345", "pool": "individual"})
    body = response.content.decode()
    assert response.status_code == 422
    # The unticked pledge has its own message, and the ID and phone checks still ran.
    assert "请勾选本项承诺" in body
    assert "校验码不正确" in body
    assert not Registration.objects.filter(lottery=lot).exists()
    form = response.context["form"]
    assert set(form.errors) == {"agree", "id_number", "phone"}
    assert len(form.errors["phone"]) == 1  # the form's own message, not doubled


def test_register_page_reports_age_and_district_with_an_unticked_pledge(client, admin):
    lot = live_lottery(admin)
    minor = f.make_id(9, born="20150101", prefix="110101")  # a child from Beijing
    response = client.post(reverse("lottery:register", args=[lot.pk]), {
        "name": "张三", "id_number": minor, "phone": "13800000009", "pool": "individual"})
    errors = response.context["form"].errors
    assert response.status_code == 422
    assert any("年满 18 周岁" in e for e in errors["id_number"])
    assert any("地址码" in e for e in errors["id_number"])
    assert "agree" in errors and "phone" not in errors


def test_verify_page_withholds_the_draw_until_publication(client, admin, notary):
    lot = f.drawn(admin, notary, n=6)
    result = artefacts.draws_result(lot)
    url = reverse("lottery:verify", args=[lot.pk])
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["result"] == {} and response.context["bundle_name"] == ""
    assert lot.notary_reveal not in body and result["seed"] not in body
    assert client.get(reverse("lottery:artefact_bundle", args=[lot.pk])).status_code == 404
    drawing.publish(admin, lot.pk)
    response = client.get(url)
    body = response.content.decode()
    assert response.context["result"]["seed"] == result["seed"]
    assert lot.notary_reveal in body and result["seed"] in body
    assert f"{lot.draw_id}-bundle.zip" in body


def test_artefacts_download_under_the_names_the_verifier_reads(client, admin, notary):
    lot = f.published(admin, notary, n=6)
    for name in ("spec.json", "commitment.json", "pool.csv", "sources.json", "reveal.txt",
                 "result.json"):
        response = client.get(reverse("lottery:artefact", args=[lot.pk, name]))
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    response = client.get(reverse("lottery:artefact_bundle", args=[lot.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{lot.draw_id}-bundle.zip"'


def test_staff_event_log_shows_command_labels(client, admin, notary):
    lot = f.frozen(admin, n=4)
    login(client, "lotadmin")
    page = client.get(reverse("lottery:staff_detail", args=[lot.pk])).content.decode()
    log = page.split("操作记录", 1)[1]
    for label in ("发布摇号公告", "开始登记", "冻结名单"):
        assert f"<td>{label}</td>" in log
    for code in ("announce", "open_registration", "freeze"):
        assert f"<td>{code}</td>" not in log


def _announcement(notary_office, **over) -> dict:
    return {"title": "厦门市口罩预约摇号", "rules": "每人限登记一次。",
            "eligibility_text": "厦门市户籍居民。", "min_age": "18", "id_prefixes": "3502 3503",
            "pools": "individual,个人,2,1\nfamily，家庭，1", "unused_quota": "error",
            "weight_rule": "equal", "max_weight": "1",
            "sources": "kl8-{date}|kl8-{date}-b|福彩快乐8\nsse-{date}||上证综指",
            "registration_opens_at": "2030-06-01 09:00", "freeze_at": "2030-06-02 09:00",
            "draw_at": "2030-06-02 10:00", "appeal_hours": "24", "claim_hours": "36",
            "recurrence": "none", "notary_agency": str(notary_office.pk)} | over


def test_announcement_form_is_the_lottery_rules_schema(client, admin, notary, notary_office):
    """开奖公证细则: the announcement fixes the rules before anyone registers. The page is
    LotteryRules rendered by the shared form layer (ADR 0019): lines and space-separated
    codes become lists, local times are the city's."""
    login(client, "lotadmin")
    page = client.get(reverse("lottery:staff_new")).content.decode()
    assert 'id="id_pools"' in page and "最低年龄（周岁）" in page and 'id="id_notary_agency"' in page
    response = client.post(reverse("lottery:staff_new"), _announcement(notary_office))
    assert response.status_code == 302
    lot = Lottery.objects.get()
    assert lot.eligibility["id_prefixes"] == ["3502", "3503"]
    assert [(p["name"], p["quota"], p["alternates"]) for p in lot.pools] == [
        ("individual", 2, 1), ("family", 1, 0)]
    assert lot.sources[0]["fallbacks"] == ["kl8-{date}-b"] and lot.notary_agency == notary_office
    assert timezone.localtime(lot.registration_opens_at).hour == 9


def test_announcement_form_shows_every_problem_at_once(client, admin, notary, notary_office):
    """A malformed line, a fractional weight and a missing notary office are all reported in
    one round, each at its field; nothing is announced."""
    login(client, "lotadmin")
    response = client.post(reverse("lottery:staff_new"), _announcement(
        notary_office, pools="individual,个人", max_weight="1.5", min_age="200",
        notary_agency=""))
    html = response.content.decode()
    assert response.status_code == 422
    for name, message in (("pools", "分组行格式不正确：individual,个人"),
                          ("max_weight", "最大权重必须是正整数"),
                          ("min_age", "最低年龄：不能大于150"),
                          ("notary_agency", "监督公证机构：必须填写")):
        assert message in html.split(f'id="id_{name}_error"')[1].split("</ul>")[0], name
    assert "Input should" not in html and not Lottery.objects.exists()

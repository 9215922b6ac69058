"""The staff registration of the court's papers, the generic case page, and nothing public."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from fazhi.cases.models import Case

pytestmark = pytest.mark.django_db


def login(client, actor) -> None:
    client.force_login(User.objects.get(pk=actor.user_id))


def test_a_handler_registers_the_papers_and_lands_on_the_case_page(client, world):
    login(client, world.handler)
    page = client.get(reverse("litigation:staff_new"))
    assert page.status_code == 200
    assert "第六十七条" in page.content.decode() or "67" in page.content.decode()
    response = client.post(reverse("litigation:staff_new"), {
        "court": "厦门市思明区人民法院", "court_case_no": "（2026）闽0203行初5号",
        "plaintiff": "张某", "claims": "请求撤销答复", "act": "政府信息公开答复",
        "served_on": "2026-01-05"})
    case = Case.objects.get(procedure="litigation")
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:case", args=[case.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "提交答辩状和证据" in page.content.decode()


def test_a_missing_field_is_refused_with_its_name(client, world):
    login(client, world.handler)
    response = client.post(reverse("litigation:staff_new"), {"court": "厦门市思明区人民法院"})
    assert response.status_code == 422
    assert not Case.objects.filter(procedure="litigation").exists()


def test_a_head_may_not_register(client, world):
    login(client, world.head)
    assert client.get(reverse("litigation:staff_new")).status_code == 403


def test_nothing_of_a_court_case_is_on_the_portal(client, world):
    world.registered()
    home = client.get("/").content.decode()
    assert "闽0203行初17号" not in home
    assert "-YS-" not in home
    assert "-YS-" not in client.get("/search/", {"q": "闽0203行初17号"}).content.decode()

"""The registry on the portal (事前公开: 国办发〔2018〕118号; 《行政处罚法》第三十九条) and the legal
office's pages."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_staff
from fazhi.core import modules
from fazhi.powers.models import CertificateEvent, Delegation
from fazhi.powers.tests import factories as F

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(city, other_agency):
    today = timezone.localdate()
    team = F.team(city)
    F.item("3502SC001", [other_agency], name="生产经营不符合食品安全标准的食品")
    F.item("3502HJ008", [other_agency], category="城市管理", name="餐饮油烟直排",
           basis="《中华人民共和国大气污染防治法》第一百一十八条第一款")
    F.delegate(team, other_agency, mode=Delegation.CONCENTRATED, codes=("3502HJ008",))
    officer = F.officer(other_agency, "陈执法", cert_no="闽执SCJGJ20240001",
                        valid_until=today + timedelta(days=300))
    return {"team": team, "officer": officer}


def test_bodies_page_shows_delegations(client, registry):
    page = client.get("/powers/").content.decode()
    assert "厦门市城市管理行政执法局" in page and "相对集中行政处罚权" in page
    assert "3502HJ008" in page


def test_catalogue_search_by_word_and_body(client, registry, other_agency):
    page = client.get("/powers/items/", {"q": "食品"}).content.decode()
    assert "3502SC001" in page and "3502HJ008" not in page
    page = client.get("/powers/items/", {"agency": "XMCGJ"}).content.decode()
    assert "3502SC001" not in page


def test_officer_lookup_shows_only_public_fields(client, registry):
    officer = registry["officer"]
    response = client.get("/powers/officers/", {"cert": " 闽执ＳＣＪＧＪ２０２４０００１ "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "陈执法" in page and "市场监管" in page and "有效" in page
    assert officer.code not in page  # the roster's internal number is not published
    CertificateEvent.objects.create(officer=officer, kind="suspend",
                                    effective_from=timezone.localdate(), reason="内部调查事由",
                                    recorded_by="t")
    page = client.get("/powers/officers/", {"cert": officer.cert_no}).content.decode()
    assert "暂扣中" in page and "内部调查事由" not in page
    assert client.get("/powers/officers/", {"cert": "NOPE"}).status_code == 404


def test_officer_lookup_is_throttled(client, registry, settings):
    settings.FAZHI_THROTTLE_TRACK = "2/m"
    cache.clear()
    codes = [client.get("/powers/officers/", {"cert": f"X{n}"}).status_code for n in range(3)]
    assert codes == [404, 404, 429]


def test_home_nav_and_site_search(client, registry):
    home = client.get("/").content.decode()
    assert "/powers/" in home
    page = client.get("/search/", {"q": "食品安全"}).content.decode()
    assert "3502SC001" in page
    assert any(m.label == "powers" and m.search for m in modules.registered())


def test_staff_pages_are_for_the_legal_office(client, registry, other_agency, agency):
    make_staff(other_agency, "plain", ["handler"])
    F.officer(agency, "黄他机关")
    client.login(username="plain", password="pw-plain-123456")
    page = client.get("/workspace/powers/").content.decode()  # own agency's officers, read-only
    assert "陈执法" in page and "黄他机关" not in page and "/workspace/powers/import/" not in page
    url = f"/workspace/powers/officers/{registry['officer'].pk}/"
    assert "id_reason" not in client.get(url).content.decode()
    assert client.post(url, {"kind": "suspend", "effective_from": "2026-01-01",
                             "reason": "x"}).status_code == 403
    assert client.get("/workspace/powers/import/").status_code == 403
    assert not CertificateEvent.objects.exists()
    make_staff(agency, "legal", ["handler"], "法制科")
    client.login(username="legal", password="pw-legal-123456")
    assert "陈执法" in client.get("/workspace/powers/").content.decode()


def test_staff_records_a_suspension_and_sees_refusals(client, registry, agency):
    make_staff(agency, "legal", ["handler"], "法制科")
    client.login(username="legal", password="pw-legal-123456")
    url = f"/workspace/powers/officers/{registry['officer'].pk}/"
    day = timezone.localdate().isoformat()
    response = client.post(url, {"kind": "reinstate", "effective_from": day, "reason": "x"})
    assert response.status_code == 409 and "无需恢复" in response.content.decode()
    assert client.post(url, {"kind": "suspend", "effective_from": day, "reason": ""}).status_code == 422
    response = client.post(url, {"kind": "suspend", "effective_from": day, "reason": "调查"})
    assert response.status_code == 302
    assert "暂扣中" in client.get(url).content.decode()


def test_staff_import_page(client, registry, agency):
    make_staff(agency, "legal", ["handler"], "法制科")
    client.login(username="legal", password="pw-legal-123456")
    bad = "事项编码,事项名称,设定依据,执法类别,实施主体,施行日期\nX1,名称,无书名号,市场监管,XMSJJ,2021-07-15\n"
    response = client.post("/workspace/powers/import/",
                           {"file": SimpleUploadedFile("i.csv", bad.encode())})
    assert response.status_code == 422 and "设定依据" in response.content.decode()
    good = bad.replace("无书名号", "《中华人民共和国价格法》第四十二条")
    response = client.post("/workspace/powers/import/",
                           {"file": SimpleUploadedFile("i.csv", good.encode())})
    assert response.status_code == 200
    assert client.get("/powers/items/", {"q": "X1"}).content.decode().count("价格法") >= 1
    assert client.get("/workspace/powers/import/template.csv").status_code == 200

"""A seized item through its custody chain in the browser: registered with a photo by the
case handler, its label printed, handed over to the custody centre and accepted by a
keeper, its return refused while the decision is not final, then returned once it is.
Every page is screenshotted and checked with axe-core."""

import re

import pytest

from conftest import make_staff
from fazhi.custody.models import RETURNED, STORED, Centre, Item
from fazhi.notifications.models import Notification
from fazhi.org.models import Agency
from tests.browser.signin import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_an_item_through_its_custody_chain(page, shots, agency, city, tmp_path):
    centre = Centre.objects.create(agency=Agency.objects.create(
        code="XMSSWZX", name="厦门市涉案财物管理中心", short_name="涉案财物中心", region=city),
        address="一号库")
    make_staff(agency, "handler", ["handler"], "王承办")
    make_staff(centre.agency, "keeper", ["custodian"], "赵保管")
    photo = tmp_path / "bottle.png"
    photo.write_bytes(PNG)

    sign_in(page, "handler")
    page.goto("/workspace/custody/")
    shots("items-empty")
    page.click("a[href='/workspace/custody/seize/']")
    page.fill("#case_ref", "市监罚立〔2026〕8号")
    page.fill("#description", "假冒注册商标白酒")
    page.fill("#quantity", "12")
    page.fill("#unit", "瓶")
    page.fill("#value", "3600")
    page.fill("#owner_name", "张三")
    page.fill("#owner_phone", "13800000000")
    page.fill("#location", "执法队暂存室")
    page.set_input_files("#photos", str(photo))
    shots("seize-form")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/workspace/custody/items/\d+/"))
    item = Item.objects.get()
    assert item.code in page.content() and item.photos.count() == 1
    shots("seized")
    label = page.request.get(f"/workspace/custody/items/{item.pk}/label.pdf")
    assert label.ok and label.headers["content-type"] == "application/pdf"

    page.select_option("#handover", "store")
    page.select_option("#centre", str(centre.pk))
    page.fill("#location", "一号库 A-01")
    page.click("form[action$='/act/offer/'] button[type=submit]")
    page.wait_for_load_state()
    assert "已提出交接" in page.content()
    shots("offered")

    sign_in(page, "keeper")
    page.goto("/workspace/custody/")
    page.click(f"text={item.code}")
    page.click("form[action$='/act/accept/'] button[type=submit]")
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.state == STORED and item.location == "一号库 A-01"
    shots("stored")

    page.select_option("#handover", "return")
    page.fill("#recipient", "张三")
    page.click("form[action$='/act/offer/'] button[type=submit]")
    page.wait_for_load_state()
    assert "生效决定尚未登记，不能处置涉案财物" in page.locator("[role=alert]").inner_text()
    shots("return-refused")

    sign_in(page, "handler")
    page.goto(f"/workspace/custody/items/{item.pk}/")
    page.fill("#final_ref", "市监罚决〔2026〕8号")
    page.click("form[action$='/act/final/'] button[type=submit]")
    page.wait_for_load_state()

    sign_in(page, "keeper")
    page.goto(f"/workspace/custody/items/{item.pk}/")
    page.select_option("#handover", "return")
    page.fill("#recipient", "张三")
    page.click("form[action$='/act/offer/'] button[type=submit]")
    page.wait_for_load_state()

    sign_in(page, "handler")
    page.goto(f"/workspace/custody/items/{item.pk}/")
    page.click("form[action$='/act/accept/'] button[type=submit]")
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.state == RETURNED
    assert Notification.objects.filter(kind="custody.returned", recipient="13800000000").exists()
    shots("returned")
    page.goto("/workspace/custody/reports/")
    shots("reports")

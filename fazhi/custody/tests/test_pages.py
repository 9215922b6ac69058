"""The staff pages: one visibility filter, the hand-over through the browser's forms,
refusals with their status, the label and the exports."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.core.pdf import pdf_text
from fazhi.custody import services
from fazhi.custody.models import STORED, Item
from fazhi.custody.tests.conftest import DAY, raw_item

pytestmark = pytest.mark.django_db


def client_for(actor) -> Client:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(pk=actor.user_id))
    return client


def test_an_agency_sees_its_items_and_the_centre_every_deposited_one(
        seized, stored, handler, other_handler, keeper, supervisor):
    [other] = services.seize(None, [raw_item(description="别家的财物")], other_handler, DAY)
    assert set(Item.objects.visible_to(handler)) == {seized}
    assert set(Item.objects.visible_to(keeper)) == {seized}  # deposited by the agency
    assert set(Item.objects.visible_to(other_handler)) == {other}
    assert set(Item.objects.visible_to(supervisor)) == {seized, other}
    page = client_for(other_handler).get(reverse("custody:item", args=[seized.pk]))
    assert page.status_code == 404
    listing = client_for(keeper).get(reverse("custody:items")).content.decode()
    assert seized.code in listing and other.code not in listing


def test_a_keeper_accepts_a_hand_over_through_the_page(seized, handler, keeper, centre):
    giver = client_for(handler)
    url = reverse("custody:act", args=[seized.pk, "offer"])
    assert giver.post(url, {"handover": "store", "centre": centre.pk,
                            "location": "A-09"}).status_code == 302
    taker = client_for(keeper)
    assert seized.code in taker.get(reverse("custody:items")).content.decode()
    assert taker.post(reverse("custody:act", args=[seized.pk, "accept"])).status_code == 302
    seized.refresh_from_db()
    assert (seized.state, seized.location) == (STORED, "A-09")


def test_disposal_before_final_shows_the_reason_with_409(stored, keeper):
    response = client_for(keeper).post(reverse("custody:act", args=[stored.pk, "offer"]),
                                       {"handover": "auction", "auction_ref": "1",
                                        "proceeds": "10"})
    assert response.status_code == 409
    assert "生效决定尚未登记，不能处置涉案财物" in response.content.decode()
    stored.refresh_from_db()
    assert stored.pending_action == "" and stored.event_count == 3


def test_the_giver_accepting_is_refused_with_403(seized, handler, centre):
    client = client_for(handler)
    client.post(reverse("custody:act", args=[seized.pk, "offer"]),
                {"handover": "store", "centre": centre.pk})
    assert client.post(reverse("custody:act", args=[seized.pk, "accept"])).status_code == 403


def test_a_duplicate_code_on_the_seizure_form_is_a_409(seized, handler):
    response = client_for(handler).post(reverse("custody:seize"), raw_item(code=seized.code))
    assert response.status_code == 409 and "已存在" in response.content.decode()
    assert Item.objects.count() == 1


def test_the_seizure_form_registers_and_opens_the_item(handler):
    response = client_for(handler).post(reverse("custody:seize"), raw_item())
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{item.pk}/")


def test_scanning_a_label_code_opens_the_item(seized, handler):
    typed = seized.code.lower().replace("-", " ")
    response = client_for(handler).get(reverse("custody:items"), {"q": typed})
    assert response.status_code == 302 and response["Location"].endswith(f"/{seized.pk}/")


def test_the_label_carries_the_code_and_a_qr_code_but_not_the_owner(seized, handler):
    response = client_for(handler).get(reverse("custody:label", args=[seized.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert seized.code in text and "张三" not in text
    assert b"/Subtype /Image" not in response.content  # the QR code is drawn, not a picture
    from pypdf import PdfReader

    drawn = PdfReader(io.BytesIO(response.content)).pages[0].get_contents().get_data()
    assert drawn.count(b" re") > 100  # its dark modules: one rectangle each


def test_the_qr_code_encodes_the_item_code():
    from reportlab.graphics.barcode.qr import QrCodeWidget

    from fazhi.custody.label import qr_drawing

    widget = qr_drawing("SW-ABCDE-FGHJK").contents[0]
    assert isinstance(widget, QrCodeWidget) and widget.value == "SW-ABCDE-FGHJK"


def test_inventory_and_overdue_report_and_exports(stored, seized, handler, keeper, centre):
    centre.overdue_days = 1
    centre.save()
    old = services.seize(None, [raw_item(description="旧财物")], handler, DAY.replace(year=2025))
    page = client_for(handler).get(reverse("custody:reports"))
    body = page.content.decode()
    assert page.status_code == 200 and old[0].code in body
    xlsx = client_for(handler).get(reverse("custody:reports"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[0][0] == "财物编号" and len(rows) == 3
    assert "张*" in {r[-1] for r in rows[1:]}  # the owner masked in exports
    csv = b"".join(client_for(handler).get(
        reverse("custody:reports"), {"format": "csv", "list": "overdue"}).streaming_content)
    text = csv.decode("utf-8-sig")
    assert old[0].code in text and seized.code in text  # centre parameter: 1 day


def test_an_export_cell_starting_a_formula_is_neutralised(handler):
    services.seize(None, [raw_item(description="=HYPERLINK(1)")], handler, DAY)
    csv = b"".join(client_for(handler).get(reverse("custody:reports"),
                                           {"format": "csv"}).streaming_content)
    assert "'=HYPERLINK(1)" in csv.decode("utf-8-sig")


def test_a_public_visitor_is_sent_to_login_and_a_non_staff_user_refused(seized):
    assert Client().get(reverse("custody:items")).status_code == 302
    from django.contrib.auth.models import User

    user = User.objects.create(username="citizen")
    client = Client()
    client.force_login(user)
    assert client.get(reverse("custody:item", args=[seized.pk])).status_code == 403


def test_the_staff_link_reaches_custody(handler):
    page = client_for(handler).get(reverse("workspace:inbox")).content.decode()
    assert reverse("custody:items") in page

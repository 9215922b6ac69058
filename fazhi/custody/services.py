"""Commands of case property custody, each one event in the item's hash chain.

Seizure registers items; every later move of an item is a hand-over in two steps by two
staff members: the giver offers it (`offer`), the taker accepts it (`accept`), and only
the acceptance changes where the item is or what became of it. Disposal (return,
confiscation, destruction, auction) is offered and accepted only once the case's decision
is final (`finality.is_final`).
"""

import secrets
import unicodedata
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction

from fazhi.cases.files import store_attachment
from fazhi.cases.models import Case
from fazhi.core.chains import append_event
from fazhi.core.errors import DomainError, Forbidden, InvalidData, NotAllowed, NotFound
from fazhi.core.i18n import local
from fazhi.custody import finality
from fazhi.custody.models import (
    AUCTIONED,
    CONFISCATED,
    DESTROYED,
    HELD,
    RETURNED,
    SEIZED,
    STORED,
    Centre,
    Item,
    Photo,
)
from fazhi.law.inputs import InputError, identifier
from fazhi.notifications.services import notify
from fazhi.org import roles
from fazhi.org.actors import Actor

# Printable and unambiguous (no 0/O, 1/I/L): 10 characters of 31 ≈ 50 bits, so a code read
# off a label cannot be guessed from its neighbours.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
PREFIX = "SW"  # 涉物
PHOTO_TYPES = ("png", "jpg", "jpeg")

# Hand-overs: action → (Chinese label, the state it leaves the item in once accepted).
HANDOVERS: dict[str, tuple[str, str | None]] = {
    "store": ("移交保管中心", STORED),
    "move": ("移库", None),
    "return": ("退还", RETURNED),
    "confiscate": ("没收", CONFISCATED),
    "destroy": ("销毁", DESTROYED),
    "auction": ("拍卖", AUCTIONED),
}
DISPOSALS = frozenset({"return", "confiscate", "destroy", "auction"})
# What each disposal must record (field → Chinese name).
DISPOSAL_FIELDS = {
    "return": {"recipient": "领取人"},
    "confiscate": {"decision_ref": "没收决定文号"},
    "destroy": {"method": "销毁方式", "witness": "监督人"},
    "auction": {"auction_ref": "拍卖成交确认书编号", "proceeds": "成交价款（元）"},
}


class Duplicate(DomainError):
    status = 409
    code = "duplicate"


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{PREFIX}-{body[:5]}-{body[5:]}"


def normalise_code(text: str) -> str:
    """A code as typed or scanned: upper case, spaces dropped, the hyphens as printed."""
    text = unicodedata.normalize("NFKC", text)  # a full-width ＳＷ… reads as SW…
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    if raw.startswith(PREFIX) and len(raw) == len(PREFIX) + CODE_LENGTH:
        body = raw[len(PREFIX):]
        return f"{PREFIX}-{body[:5]}-{body[5:]}"
    return text.strip().upper()


# ---- seizure ------------------------------------------------------------------------------

def seize(case: Case | None, items: list[dict], actor: Actor, on: date) -> list[Item]:
    """Register the items seized in `case` (None: a case of another system, each item then
    gives `case_ref`), all or none. Each item: description, quantity, unit, value,
    owner_name, owner_phone, location, optionally code (a pre-printed label) and photos
    ([(filename, bytes)])."""
    agency_id = _seizing_agency(case, actor)
    if not items:
        raise InvalidData(local("请至少登记一件财物"), field="items")
    cleaned = [_clean_item(n, raw, case) for n, raw in enumerate(items, 1)]
    _refuse_duplicates([c["code"] for c in cleaned])
    created = []
    try:
        with transaction.atomic():
            for data in cleaned:
                created.append(_create(data, case, agency_id, actor, on))
    except IntegrityError:
        raise Duplicate(local("财物编号已存在，请更换标签后重新登记"), field="code") from None
    return created


def _seizing_agency(case: Case | None, actor: Actor) -> int:
    if actor.kind != "staff" or roles.HANDLER not in actor.roles:
        raise Forbidden(local("只有办案机关的承办人可以登记扣押财物"))
    if case is not None:
        if not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
            raise NotFound(local("案件不存在"))
        if case.agency_id != actor.agency_id:
            raise Forbidden(local("只有办案机关可以登记本案扣押的财物"))
    return actor.agency_id


def _clean_item(n: int, raw: Mapping[str, Any], case: Case | None) -> dict:
    where = local("第{n}件财物：").format(n=n)

    def text(name: str, label: str, *, required: bool = True, limit: int = 100) -> str:
        value = str(raw.get(name) or "").strip()
        if required and not value:
            raise InvalidData(where + local("请填写{}").format(local(label)), field=name)
        if len(value) > limit:
            raise InvalidData(where + local("{label}不能超过{n}个字").format(
                label=local(label), n=limit), field=name)
        return value

    data = {
        "description": text("description", "财物名称及特征", limit=200),
        "unit": text("unit", "单位", limit=10),
        "owner_name": text("owner_name", "所有人/当事人"),
        "owner_phone": text("owner_phone", "所有人联系电话", required=False, limit=40),
        "location": text("location", "存放位置", limit=120),
        "case_ref": "" if case else text("case_ref", "案件编号（外部系统）", limit=60),
        "quantity": _decimal(raw.get("quantity"), where, "数量", "quantity", positive=True),
        "value": _decimal(raw.get("value"), where, "估值（元）", "value", optional=True),
        "photos": list(raw.get("photos") or []),
    }
    if data["owner_phone"]:  # the return notice's SMS address: full-width digits folded
        try:
            data["owner_phone"] = identifier(data["owner_phone"])
        except InputError as exc:
            raise InvalidData(where + local("所有人联系电话") + local("：") + str(exc),
                              field="owner_phone") from None
    code = str(raw.get("code") or "").strip()
    data["code"] = normalise_code(code) if code else new_code()
    if len(data["code"]) > 20:
        raise InvalidData(where + local("财物编号不能超过20个字符"), field="code")
    return data


def _decimal(value: object, where: str, label: str, field: str, *, positive: bool = False,
             optional: bool = False) -> Decimal | None:
    if value in (None, ""):
        if optional:
            return None
        raise InvalidData(where + local("请填写{}").format(local(label)), field=field)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidData(where + local("{}应为数字").format(local(label)), field=field) from None
    if not number.is_finite() or number < 0 or (positive and number == 0):
        raise InvalidData(where + local("{}应为正数").format(local(label)), field=field)
    if abs(number) >= Decimal("1e12"):
        raise InvalidData(where + local("{}过大").format(local(label)), field=field)
    return number.quantize(Decimal("0.01"))


def _refuse_duplicates(codes: list[str]) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise Duplicate(local("财物编号 {} 在本次登记中重复").format(code), field="code")
        seen.add(code)
    taken = list(Item.objects.filter(code__in=codes).values_list("code", flat=True)[:1])
    if taken:
        raise Duplicate(local("财物编号 {} 已存在，不能重复登记").format(taken[0]), field="code")


def _create(data: dict, case: Case | None, agency_id: int, actor: Actor, on: date) -> Item:
    photos = data.pop("photos")
    item = Item.objects.create(agency_id=agency_id, case=case, seized_on=on,
                               holder=actor.label, state=SEIZED, **data)
    payload = {"on": on.isoformat(), "code": item.code, "case": item.case_label,
               "description": item.description, "quantity": str(item.quantity),
               "unit": item.unit, "value": None if item.value is None else str(item.value),
               "location": item.location}
    append_event(item, "seize", actor, payload)
    item.save(update_fields=["event_count", "head_hash"])
    for photo in photos:
        _attach(item, photo, actor, on)
    return item


# ---- the chained commands -----------------------------------------------------------------

# Fields a command may change: written back in one UPDATE with the chain's new head.
_WRITTEN = ("state", "centre", "location", "holder", "appraised_value", "pending_action",
            "pending_to", "pending_by", "pending", "final_ref", "disposed_on", "event_count",
            "head_hash")


def _command(item: Item | int, action: str, label: str, actor: Actor, change,
             *, src: tuple[str, ...] = HELD) -> Item:
    """The one write path of an item after its seizure: lock the row, check that the actor
    sees it and the state allows the step, apply the change, append the event and write the
    row, in one transaction (core.chains.run_command's steps, with the centre read in the
    same query: a custody centre's day is thousands of these)."""
    pk = item.pk if isinstance(item, Item) else item
    with transaction.atomic():
        # unordered: `first()` would compile an ORDER BY for the one row of a primary key
        found = next(iter(Item.objects.visible_to(actor).select_for_update(of=("self",))
                          .select_related("centre").filter(pk=pk).order_by()[:1]), None)
        if found is None:
            raise NotFound(local("涉案财物不存在"))
        if found.state not in src:
            raise NotAllowed(local("涉案财物当前为“{state}”，不能{action}").format(
                state=local(found.state_label), action=local(label)))
        payload = change(found) or {}
        payload["state"] = found.state
        append_event(found, action, actor, payload)
        found.save(update_fields=_WRITTEN)
    return found


def holder_agency_id(item: Item) -> int:
    """The agency holding the item now: its centre once stored, else the seizing agency."""
    return item.centre.agency_id if item.state == STORED and item.centre_id else item.agency_id


def _is_centre(agency_id: int) -> bool:
    return Centre.objects.filter(agency_id=agency_id).exists()


def holds(item: Item, actor: Actor) -> bool:
    """Whether actor is on the side holding the item: a custodian of its centre, or a
    handler of the seizing agency while the agency keeps it."""
    if actor.kind != "staff" or actor.agency_id != holder_agency_id(item):
        return False
    wanted = roles.CUSTODIAN if item.state == STORED else roles.HANDLER
    return wanted in actor.roles


def offer(item: Item | int, action: str, actor: Actor, data: Mapping[str, Any],
          on: date) -> Item:
    """The giver's step of a hand-over: the item stays where it is until the taker accepts."""
    if action not in HANDOVERS:
        raise InvalidData(local("未知的交接类型"), field="action")
    label = HANDOVERS[action][0]

    def change(found: Item) -> dict:
        if found.pending_action:
            raise NotAllowed(local("该财物有一项待确认的交接（{}），请先确认或撤回").format(
                local(HANDOVERS[found.pending_action][0])))
        if not holds(found, actor):
            raise Forbidden(local("只有当前保管方的工作人员可以交出该财物"))
        details, to_agency = _offer_details(found, action, data)
        if action in DISPOSALS:
            _refuse_unless_final(found)
        found.pending_action, found.pending_to_id, found.pending_by = action, to_agency, actor.user_id
        found.pending = details | {"giver": actor.label, "offered_on": on.isoformat(),
                                   "to_centre": to_agency != found.agency_id
                                   or _is_centre(to_agency)}
        return {"on": on.isoformat(), "handover": action, "to_agency": to_agency, **details}

    return _command(item, "offer", label, actor, change)


def _offer_details(item: Item, action: str, data: Mapping[str, Any]) -> tuple[dict, int]:
    """What the offer records, and the agency whose staff member must accept it."""
    location = str(data.get("location") or "").strip()[:120]
    note = str(data.get("note") or "").strip()[:200]
    if action == "store":
        if item.state != SEIZED:
            raise NotAllowed(local("该财物已在保管中心"))
        centre = Centre.objects.filter(pk=_int(data.get("centre"))).select_related("agency").first()
        if centre is None:
            raise InvalidData(local("请选择接收的保管中心"), field="centre")
        return {"centre": centre.pk, "location": location or centre.address, "note": note}, \
            centre.agency_id
    if action == "move":
        if not location:
            raise InvalidData(local("请填写移入的存放位置"), field="location")
        return {"location": location, "note": note}, holder_agency_id(item)
    details = {"note": note}
    for name, title in DISPOSAL_FIELDS[action].items():
        value = str(data.get(name) or "").strip()[:100]
        if not value:
            raise InvalidData(local("请填写{}").format(local(title)), field=name)
        if name == "proceeds":
            value = str(_decimal(value, "", title, name))
        details[name] = value
    return details, item.agency_id


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _refuse_unless_final(item: Item) -> None:
    if item.case_id is not None:
        if not finality.is_final(item.case):
            raise NotAllowed(local("案件 {} 的处理决定尚未生效，不能处置涉案财物").format(
                item.case.number))
    elif not item.final_ref:
        raise NotAllowed(local("外部案件 {} 的生效决定尚未登记，不能处置涉案财物").format(
            item.case_ref))


def may_accept(item: Item, actor: Actor) -> bool:
    """A staff member of the receiving agency (a custodian, when it is a centre) other than
    the giver."""
    if not item.pending_action or actor.kind != "staff" or actor.user_id == item.pending_by:
        return False
    if actor.agency_id != item.pending_to_id:
        return False
    return (roles.CUSTODIAN if item.pending.get("to_centre") else roles.HANDLER) in actor.roles


def accept(item: Item | int, actor: Actor, on: date) -> Item:
    """The taker's step: the hand-over happens, and the item is where the offer said."""

    def change(found: Item) -> dict:
        action = found.pending_action
        if not action:
            raise NotAllowed(local("该财物没有待确认的交接"))
        if actor.user_id == found.pending_by:
            raise Forbidden(local("交出人和接收人不能是同一人"))
        if not may_accept(found, actor):
            raise Forbidden(local("只有接收方的工作人员可以确认接收"))
        if action in DISPOSALS:
            _refuse_unless_final(found)
        details = dict(found.pending)
        _apply(found, action, details, actor, on)
        found.pending_action, found.pending_to_id, found.pending_by = "", None, None
        found.pending = {}
        return {"on": on.isoformat(), "handover": action, "giver": details.get("giver", ""),
                "taker": actor.label, "location": found.location}

    item = _command(item, "accept", "确认接收", actor, change)
    return item


def _apply(item: Item, action: str, details: dict, actor: Actor, on: date) -> None:
    state = HANDOVERS[action][1]
    item.holder = actor.label[:60]
    if action == "store":
        item.centre_id = details["centre"]
        item.location = details.get("location") or item.location
    elif action == "move":
        item.location = details["location"]
    else:
        item.disposed_on = on
        item.location = ""
    if state:
        item.state = state
    if action == "return":
        _notify_return(item, details, on)


def _notify_return(item: Item, details: dict, on: date) -> None:
    body = local("您在案件{case}中被扣押的财物“{what}”（编号{code}）已于{on}退还，领取人：{who}。").format(
        case=item.case_label, what=item.description, code=item.code, on=on.isoformat(),
        who=details.get("recipient", ""))
    notify(kind="custody.returned", to=item.owner_phone, body=body, ref=f"custody:{item.pk}")


def withdraw(item: Item | int, actor: Actor, on: date) -> Item:
    """The giver withdraws an offer, or the taker declines it: nothing moves."""

    def change(found: Item) -> dict:
        if not found.pending_action:
            raise NotAllowed(local("该财物没有待确认的交接"))
        if actor.user_id != found.pending_by and not may_accept(found, actor):
            raise Forbidden(local("只有交出人或接收方可以撤回交接"))
        action = found.pending_action
        found.pending_action, found.pending_to_id, found.pending_by = "", None, None
        found.pending = {}
        return {"on": on.isoformat(), "handover": action}

    return _command(item, "withdraw", "撤回交接", actor, change)


def appraise(item: Item | int, actor: Actor, data: Mapping[str, Any], on: date) -> Item:
    """Record an appraisal (价格鉴定/认定) by the holding side: institution, report, value."""

    def change(found: Item) -> dict:
        if not holds(found, actor):
            raise Forbidden(local("只有当前保管方的工作人员可以登记鉴定"))
        institution = str(data.get("institution") or "").strip()[:100]
        report = str(data.get("report") or "").strip()[:60]
        if not institution:
            raise InvalidData(local("请填写鉴定机构"), field="institution")
        if not report:
            raise InvalidData(local("请填写鉴定意见书编号"), field="report")
        value = _decimal(data.get("value"), "", "鉴定价值（元）", "value")
        found.appraised_value = value
        return {"on": on.isoformat(), "institution": institution, "report": report,
                "value": str(value)}

    return _command(item, "appraise", "登记鉴定", actor, change)


def record_final(item: Item | int, actor: Actor, decision_ref: str, on: date) -> Item:
    """For a case of another system: record the decision that became final (its number)."""

    def change(found: Item) -> dict:
        if found.case_id is not None:
            raise NotAllowed(local("本系统案件的决定是否生效由案件记录确定"))
        if actor.agency_id != found.agency_id or roles.HANDLER not in actor.roles:
            raise Forbidden(local("只有办案机关的承办人可以登记生效决定"))
        ref = decision_ref.strip()[:80]
        if not ref:
            raise InvalidData(local("请填写生效决定文号"), field="decision_ref")
        found.final_ref = ref
        return {"on": on.isoformat(), "decision_ref": ref}

    return _command(item, "record_final", "登记生效决定", actor, change)


def add_photo(item: Item | int, actor: Actor, upload: Any, on: date) -> Item:
    """Add a photo: the holding side, while the item is held."""

    def change(found: Item) -> dict:
        if not holds(found, actor):
            raise Forbidden(local("只有当前保管方的工作人员可以添加照片"))
        stored = _store_photo(upload)
        Photo.objects.create(item=found, filename=stored.filename,
                             content_type=stored.content_type, size=stored.size,
                             sha256=stored.sha256, path=stored.path,
                             event_seq=found.event_count + 1)
        return {"on": on.isoformat(), "photo": stored.filename, "sha256": stored.sha256}

    return _command(item, "photo", "添加照片", actor, change)


def _store_photo(upload: Any):
    name = upload[0] if isinstance(upload, tuple) else upload.name
    if not str(name).lower().endswith(PHOTO_TYPES):
        raise InvalidData(local("照片应为 PNG 或 JPG 图片"), field="photo")
    return store_attachment(upload, "custody_photo")


def _attach(item: Item, upload: Any, actor: Actor, on: date) -> None:
    stored = _store_photo(upload)
    Photo.objects.create(item=item, filename=stored.filename, content_type=stored.content_type,
                         size=stored.size, sha256=stored.sha256, path=stored.path,
                         event_seq=item.event_count + 1)
    append_event(item, "photo", actor, {"on": on.isoformat(), "photo": stored.filename,
                                        "sha256": stored.sha256})
    item.save(update_fields=["event_count", "head_hash"])


def centres() -> list[Centre]:
    return list(Centre.objects.select_related("agency").order_by("agency__code"))


def is_final(item: Item) -> bool:
    """Whether the item's case has a final decision (a case of another system: recorded)."""
    if item.case_id is not None:
        return finality.is_final(item.case)
    return bool(item.final_ref)

"""Demo builder: the city's custody centre (厦门市涉案财物管理中心) with two custodians, and
items seized by a few agencies in every state: held by the agency, stored and moved at the
centre, appraised, and disposed of (returned, confiscated, destroyed, auctioned).

The items belong to cases of other systems (a free case number): the penalty cases are
another app's, and custody does not import it. Everything goes through the services."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from fazhi.core.modules import DemoContext
from fazhi.custody import services
from fazhi.custody.models import Centre, Item
from fazhi.org.demo import Org, person_name, phone
from fazhi.org.models import Agency, Region

CENTRE_CODE = "XMSSWZX"
GOODS = [("假冒注册商标白酒", "瓶", 300), ("无证经营的电动自行车", "辆", 1500),
         ("涉嫌侵权运动鞋", "双", 200), ("过期食品（罐头）", "箱", 80),
         ("非法捕捞渔具", "套", 600), ("无合格证燃气灶", "台", 450),
         ("未经许可销售的烟花爆竹", "箱", 900), ("涉案现金", "元", 1)]
DISPOSALS = ("return", "confiscate", "destroy", "auction")


def build(ctx: DemoContext) -> int:
    org: Org = ctx.built["org"]
    with transaction.atomic():
        centre = _centre(org, ctx)
        keepers = [org.add_staff(centre.agency, f"swzx_custodian{n or ''}", "custodian", ctx.rng)
                   for n in range(2)]
        total = max(8, min(200, ctx.cases // 10))
        agencies = org.agencies[:4]
        n = case_no = 0
        while n < total:  # a case seizes one to three items
            seized = _seize(ctx, org, agencies[case_no % len(agencies)], case_no,
                            min(total - n, 1 + ctx.rng.randrange(3)))
            for item in seized:
                _custody(ctx, centre, keepers, org.handlers[item.agency_id], item, n)
                n += 1
            case_no += 1
    return total


def _centre(org: Org, ctx: DemoContext) -> Centre:
    agency = Agency.objects.create(
        code=CENTRE_CODE, name="厦门市涉案财物管理中心", short_name="涉案财物中心", kind="other",
        region=Region.objects.get(level="city"), address="厦门市湖里区仓储路8号")
    org.by_code[CENTRE_CODE] = agency
    return Centre.objects.create(agency=agency, address="厦门市湖里区仓储路8号 一号库")


def _seize(ctx: DemoContext, org: Org, agency: Agency, case_no: int, k: int) -> list[Item]:
    rng = ctx.rng
    on = ctx.today - timedelta(days=rng.randrange(1, 400))
    owner, owner_phone = person_name(rng), phone(rng)
    rows = []
    for _ in range(k):
        name, unit, price = GOODS[rng.randrange(len(GOODS))]
        quantity = rng.randint(1, 50)
        rows.append({"description": name, "quantity": quantity, "unit": unit,
                     "value": Decimal(price * quantity), "owner_name": owner,
                     "owner_phone": owner_phone, "location": f"{agency.short_name}暂存室",
                     "case_ref": f"{agency.short_name}罚立〔{on.year}〕{case_no + 1}号"})
    return services.seize(None, rows, org.handlers[agency.pk], on)


def _custody(ctx: DemoContext, centre: Centre, keepers, handler, item: Item, n: int) -> None:
    """Item n's custody so far: held by the agency, stored, moved and appraised, or
    disposed of in one of the four ways (n % 7)."""
    rng, on, step = ctx.rng, item.seized_on, n % 7
    if step == 0:
        return  # still held by the agency
    at_centre = on + timedelta(days=rng.randint(0, 3))
    services.offer(item, "store", handler, {"centre": centre.pk,
                                            "location": f"一号库 {rng.randint(1, 40)}号货架"},
                   at_centre)
    services.accept(item, keepers[0], at_centre)
    if step == 1:
        return  # stored
    if step == 2:
        services.offer(item, "move", keepers[0], {"location": f"二号库 {rng.randint(1, 40)}号货架"},
                       at_centre)
        services.accept(item, keepers[1], at_centre)
        services.appraise(item, keepers[1], {"institution": "厦门市价格认证中心",
                                             "report": f"厦价认〔{on.year}〕{n + 1}号",
                                             "value": item.value}, at_centre)
        return
    _dispose(item, keepers[0], handler, DISPOSALS[step - 3],
             at_centre + timedelta(days=rng.randint(30, 120)), ctx)


def _dispose(item: Item, keeper, handler, action: str, on, ctx: DemoContext) -> None:
    on = min(on, ctx.today)
    services.record_final(item, handler, f"{item.case_ref}决定", on)
    data = {"return": {"recipient": item.owner_name}, "confiscate": {"decision_ref": item.case_ref},
            "destroy": {"method": "集中粉碎", "witness": "市场监管局监督员"},
            "auction": {"auction_ref": f"拍确〔{on.year}〕{item.pk}号", "proceeds": "1000"}}[action]
    services.offer(item, action, keeper, data, on)
    services.accept(item, handler, on)


def report(ctx: DemoContext) -> list[str]:
    held = Item.objects.held().count()
    return [f"涉案财物 {ctx.built['custody']} 件（在押 {held} 件），保管中心登录 swzx_custodian。"]

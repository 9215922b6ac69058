"""The demo city's organisation: regions, agencies and staff in every role, and the
synthetic identities (people, firms, numbers) every app's demo builder uses.

`build` is the org app's demo builder (`OrgConfig.declare()`); the procedure apps' builders
run after it and find its `Org` in `ctx.built["org"]`. Everything is deterministic: the
builders share one random stream (`ctx.rng`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction

from fazhi.core.modules import DemoContext
from fazhi.org import demo_city as C
from fazhi.org.actors import Actor
from fazhi.org.models import Agency, Region, Staff

# ---------------------------------------------------------------------------------
# Synthetic identities


ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def id_check_digit(body: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) of a 17-digit ID body."""
    return ID_CHECK[sum(int(ch) * w for ch, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def person_id(rng: random.Random, region: str) -> str:
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    body = f"{region}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return body + id_check_digit(body)


def credit_code(rng: random.Random, region: str) -> str:
    """An 18-character unified social credit code with valid GB 11714 and GB 32100 checks."""
    org = f"{rng.randrange(10 ** 8):08d}"
    c9 = 11 - sum(int(ch) * w for ch, w in zip(org, ORG_WEIGHTS, strict=True)) % 11
    org += {10: "X", 11: "0"}.get(c9, str(c9))
    body = f"91{region}{org}"
    total = sum(USCC_CHARS.index(ch) * w for ch, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_CHARS[(31 - total % 31) % 31]


def person_name(rng: random.Random) -> str:
    return rng.choice(C.SURNAMES) + rng.choice(C.GIVEN)


def firm_name(rng: random.Random) -> tuple[str, str]:
    word, trade = rng.choice(C.FIRM_WORDS), rng.choice(C.FIRM_TRADES)
    if trade == "律师事务所":
        return f"福建{word}律师事务所", "legal_service"
    return f"厦门{word}{trade}有限公司", rng.choice(C.ORG_CATEGORIES)


def phone(rng: random.Random) -> str:
    return f"13{rng.randrange(10)}{rng.randrange(10 ** 8):08d}"


# ---------------------------------------------------------------------------------
# Organisation


@dataclass
class Org:
    agencies: list[Agency]
    weights: list[int]
    handlers: dict[int, Actor]
    heads: dict[int, Actor]
    gio_heads: dict[int, Actor]  # 政府信息公开工作机构负责人: approves extensions
    by_code: dict[str, Agency] = field(default_factory=dict)  # every agency, by its code
    accounts: dict[str, Actor] = field(default_factory=dict)  # every demo login, by username
    password: str = ""  # the demo password, hashed once

    def actor(self, username: str) -> Actor:
        return self.accounts[username]

    def add_staff(self, agency: Agency, username: str, role: str, rng: random.Random) -> Actor:
        """One more demo account (e.g. an inspector of the subjects builder)."""
        self.accounts[username] = _staff(agency, username, role, self.password, rng)
        return self.accounts[username]


def build_org(rng: random.Random) -> Org:
    city = Region.objects.create(code=C.CITY[0], name=C.CITY[1], level="city")
    regions = {city.code: city} | {
        code: Region.objects.create(code=code, name=name, level="district", parent=city)
        for code, name in C.DISTRICTS}
    password = make_password(C.PASSWORD)  # hashed once: PBKDF2 per user would take minutes
    org = Org([], [], {}, {}, {}, password=password)
    for n, spec in enumerate(C.ALL_AGENCIES, start=1):
        agency = Agency.objects.create(
            code=spec.code, name=spec.name, short_name=spec.short_name, kind=spec.kind,
            region=regions[spec.region], is_legal_office=spec.is_legal_office,
            **({"address": _address(rng, spec.region), "phone": f"0592-0{n:06d}"}
               | contact(spec, n)))
        roles = ["handler", "head", "gio_head"] + (["reviewer"] if spec.featured else [])
        if spec is C.RULE_OF_LAW_OFFICE:
            roles = ["supervisor"]
        roles = list(spec.roles or roles) + list(spec.extra_roles)
        actors = {role: _staff(agency, _username(spec, role), role, password, rng)
                  for role in roles}
        org.by_code[spec.code] = agency
        org.accounts |= {_username(spec, role): actor for role, actor in actors.items()}
        if spec is C.GENERAL_OFFICE:
            _staff(agency, "admin", "admin", password, rng, superuser=True)
        if spec.weight:
            org.agencies.append(agency)
            org.weights.append(spec.weight)
            org.handlers[agency.pk], org.heads[agency.pk] = actors["handler"], actors["head"]
            org.gio_heads[agency.pk] = actors["gio_head"]
    return org


def contact(spec: C.AgencySpec, n: int) -> dict[str, str]:
    """The agency's contact fields besides its address and telephone: hours, postcode,
    fax, e-mail and its disclosure office (《政府信息公开条例》第十二条). Derived from the
    agency alone, so adding them left the seeded city unchanged; telephones stay in the
    unallocated 0592-0xxxxxx range."""
    fields = {"postcode": C.POSTCODES[spec.region], "hours": C.OFFICE_HOURS,
              "fax": f"0592-01{n:05d}", "email": f"{spec.login}@{C.EMAIL_DOMAIN}",
              "disclosure_office": _disclosure_office(spec),
              "disclosure_phone": f"0592-02{n:05d}",
              "disclosure_email": f"xxgk.{spec.login}@{C.EMAIL_DOMAIN}"}
    if spec.kind == "government" and spec.region != C.CITY[0]:
        district = dict(C.DISTRICTS)[spec.region]
        fields["disclosure_address"] = (f"厦门市{district}{C.SERVICE_CENTRE_ROADS[spec.region]}"
                                        f"{100 + n * 7}号 {district}行政服务中心一楼政务公开窗口")
    if spec.code == "XMSFJ":
        fields |= C.SITE_OWNER_CONTACT
    return fields


def _disclosure_office(spec: C.AgencySpec) -> str:
    if spec is C.GOVERNMENT:
        return C.GENERAL_OFFICE.name
    return f"{spec.name}办公室"


def _username(spec: C.AgencySpec, role: str) -> str:
    return "supervisor" if role == "supervisor" else f"{spec.login}_{role}"


def _address(rng: random.Random, region: str) -> str:
    if region == C.CITY[0]:
        return f"厦门市思明区{rng.choice(C.CITY_ROADS)}{rng.randrange(1, 200)}号"
    name = dict(C.DISTRICTS)[region]
    return f"厦门市{name}{rng.choice(C.DISTRICT_ROADS[region])}{rng.randrange(1, 300)}号"


def _staff(agency: Agency, username: str, role: str, password: str, rng: random.Random,
           superuser: bool = False) -> Actor:
    user = User.objects.create(username=username, password=password, is_staff=superuser,
                               is_superuser=superuser,  # an address for deadline reminders
                               email=f"{username}@{agency.code.lower()}.gov.example")
    Staff.objects.create(user=user, agency=agency, display_name=person_name(rng), roles=[role])
    return Actor(kind="staff", label=user.staff.display_name, user_id=user.pk,
                 agency_id=agency.pk, roles=frozenset([role]))


def logins() -> list[tuple[str, str, str, str, str]]:
    """(username, password, agency, role, name) for the accounts worth showing."""
    from fazhi.org.roles import LABELS

    featured = [s for s in C.ALL_AGENCIES if s.featured]
    names = ["admin", "supervisor"] + [f"{s.login}_{r}" for s in featured
                                       for r in ("handler", "head", "gio_head", "reviewer")]
    names += [f"{s.login}_{r}" for s in C.ALL_AGENCIES for r in s.roles + s.extra_roles]
    # the staff of the courts on the platform (a clerk and a judge each: ADR 0048)
    names += list(Staff.objects.filter(agency__kind="court").order_by("agency__code", "user__username")
                  .values_list("user__username", flat=True))
    staff = {s.user.username: s for s in Staff.objects.select_related("user", "agency")
             .filter(user__username__in=names)}
    return [(n, C.PASSWORD, staff[n].agency.short_name, "、".join(staff[n].role_labels)
             if n != "admin" else f"{LABELS['admin']}（超级用户）", staff[n].display_name)
            for n in names if n in staff]


def build(ctx: DemoContext) -> Org:
    """The org app's demo builder: the city, its agencies and their staff."""
    with transaction.atomic():
        return build_org(ctx.rng)

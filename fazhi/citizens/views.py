"""The citizen's view and the staff person view (B8, ADR 0045).

A citizen signs in with their account (django.contrib.auth, the same sign-in throttle as
staff), proves once who they are (`verifiers`), then sees every matter of theirs. Opening
a matter puts it in the session exactly as a receipt code would (fazhi.cases.tracking), so
the party page and every procedure's party actions work unchanged — without the code,
authorised by the party key. No identifier or code ever appears in a URL: the forms post.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.cases import tracking
from fazhi.citizens import services, verifiers
from fazhi.citizens.forms import PersonForm, RatingForm, VerifyForm
from fazhi.citizens.models import Citizen
from fazhi.core import throttle
from fazhi.core.errors import DomainError
from fazhi.core.i18n import local
from fazhi.core.inputs import checks_fields
from fazhi.core.modules import SearchHit
from fazhi.core.web import client_ip, staff_actor, staff_nav
from fazhi.law.redaction import mask_name

# Proving identity and the staff person lookup count like receipt-code lookups: slowed
# per address (proofs) and per staff member (lookups), so neither enumerates numbers.
VERIFY = throttle.Scope("citizens.verify", "FAZHI_THROTTLE_TRACK")
LOOKUP = throttle.Scope("citizens.person", "FAZHI_THROTTLE_TRACK")
SEARCH_WORDS = ("我的事项", "我的", "个人", "企业", "办件", "进度", "评价", "登录", "事项",
                "matters", "my ", "sign in")


class CitizenLogin(LoginView):
    template_name = "citizens/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return reverse("citizens:home")


def landing(user) -> str | None:  # noqa: ANN001 - a signed-in user
    """A citizen who signed in on the staff page lands on their matters (Module.landing)."""
    return reverse("citizens:home") if Citizen.objects.filter(user=user).exists() else None


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    tracking.forget(request)
    logout(request)
    return redirect("citizens:home")


def _citizen_or_page(request: HttpRequest):
    """(citizen, None) for a signed-in public user; (None, response) otherwise."""
    if not request.user.is_authenticated:
        return None, render(request, "citizens/signin.html", {})
    citizen = services.citizen_of(request.user)
    if citizen is None:
        return None, render(request, "citizens/staff_account.html", {}, status=403)
    return citizen, None


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    citizen, page = _citizen_or_page(request)
    if page is not None:
        return page
    if not citizen.verified:
        return _verify_page(request, VerifyForm())
    return _matters_page(request, citizen)


def _verify_page(request: HttpRequest, form: VerifyForm, status: int = 200) -> HttpResponse:
    return render(request, "citizens/verify.html", {
        "form": form, "method": verifiers.current().label}, status=status)


def _matters_page(request: HttpRequest, citizen, *, bound: RatingForm | None = None,
                  status: int = 200) -> HttpResponse:
    found = services.matters(citizen.party_key, citizen.keys, page=_page(request))
    return render(request, "citizens/home.html", {
        "citizen": citizen, "name": mask_name(citizen.display_name), "matters": found,
        "bound": bound, "previous": found.page - 1, "next": found.page + 1
        if found.page < found.pages else 0}, status=status)


def _page(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and len(raw) < 7 else 1


@require_POST
@checks_fields
def verify(request: HttpRequest) -> HttpResponse:
    citizen, page = _citizen_or_page(request)
    if page is not None:
        return page
    if not VERIFY.hit(client_ip(request)):
        return tracking.throttled(request, VERIFY)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        return _verify_page(request, form, status=422)
    try:
        proof = verifiers.current().prove(kind=form.cleaned_data["kind"],
                                          identifier=form.cleaned_data["identifier"],
                                          name=form.cleaned_data["name"])
        services.bind(request.user, proof)
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, local(exc.message))
        return _verify_page(request, form, status=exc.status)
    messages.success(request, "身份已核验")
    return redirect("citizens:home")


@require_POST
def open_matter(request: HttpRequest) -> HttpResponse:
    """The party page of one of the citizen's cases, without the receipt code: the session
    holds the case as after a code lookup, and the track page shows it with its actions."""
    citizen, page = _citizen_or_page(request)
    if page is not None:
        return page
    try:
        case = services.owned_case(citizen, tracking.as_pk(request.POST.get("case")))
    except DomainError as exc:
        return tracking.not_found(request, exc.message)
    tracking.remember(request, case)
    return redirect("portal:track")


@require_POST
@checks_fields
def rate(request: HttpRequest) -> HttpResponse:
    citizen, page = _citizen_or_page(request)
    if page is not None:
        return page
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _matters_page(request, citizen, bound=form, status=422)
    try:
        services.rate(citizen, form.cleaned_data["case"], form.cleaned_data["score"],
                      form.cleaned_data["comment"])
    except DomainError as exc:
        form.add_error(None, local(exc.message))
        return _matters_page(request, citizen, bound=form, status=exc.status)
    messages.success(request, "感谢您的评价")
    return redirect("citizens:home")


@require_http_methods(["GET", "POST"])
@checks_fields
def staff_person(request: HttpRequest) -> HttpResponse:
    """All matters of one person or firm this staff member may see, by ID number/USCC
    typed in a POST form (never in the URL); masked; every lookup audited."""
    actor = staff_actor(request)
    context = staff_nav(actor, request)
    if request.method != "POST":
        return render(request, "citizens/staff_person.html", context | {"form": PersonForm()})
    if not LOOKUP.hit(str(request.user.pk)):
        return tracking.throttled(request, LOOKUP)
    form = PersonForm(request.POST)
    if not form.is_valid():
        return render(request, "citizens/staff_person.html", context | {"form": form},
                      status=422)
    try:
        found, entry = services.person_view(actor, request.user, form.cleaned_data["identifier"],
                                            form.cleaned_data["reason"])
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, local(exc.message))
        return render(request, "citizens/staff_person.html", context | {"form": form},
                      status=exc.status)
    rows = [(r, services.masked_applicant(r.case)) for r in found.rows]
    return render(request, "citizens/staff_person.html", context | {
        "form": PersonForm(), "matters": found, "rows": rows, "entry": entry})


def search(query: str, limit: int) -> list[SearchHit]:
    """The site search's entry to the citizen's view (it holds no published records)."""
    q = query.casefold()
    if not any(word in q or q in word for word in SEARCH_WORDS if len(q) >= 2):
        return []
    return [SearchHit(title=local("我的事项"), url=reverse("citizens:home"), kind=local("办事入口"),
                      snippet=local("登录后查看本人在各程序中的全部事项、下一期限、送达文书和可办理的事项。"))]

"""Lottery pages: the public portal side (no login) and the staff/notary control pages.

Every view goes through `busy_guard`: a database that is busy or locked during a surge
becomes a friendly 503 with Retry-After, never a 500. Writes call the command modules only.
"""

import hashlib
import secrets
from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path

from django import forms as dj_forms
from django.conf import settings
from django.contrib import messages
from django.db import OperationalError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.errors import DomainError, Forbidden, InvalidData
from fazhi.core.i18n import local
from fazhi.core.throttle import hit, window_seconds
from fazhi.core.web import client_ip, staff_actor
from fazhi.law import draws
from fazhi.law.redaction import mask_name
from fazhi.lottery import (
    appeals,
    artefacts,
    commands,
    drawing,
    eligibility,
    notary_steps,
    queries,
    registration,
    rounds,
)
from fazhi.lottery.forms import (
    AnnounceForm,
    AppealForm,
    ConfirmForm,
    LookupForm,
    RegisterForm,
    SourceForm,
    source_line,
)
from fazhi.lottery.models import Lottery, Selection
from fazhi.lottery.procedure import ADMIN, COMMANDS, NOTARY
from fazhi.org.actors import Actor

RETRY_AFTER = 30
VERIFIER = Path(settings.BASE_DIR) / "verifier" / "fazhi_verify.py"
ARTEFACTS = {
    "spec.json": "application/json", "commitment.json": "application/json",
    "pool.csv": "text/csv", "sources.json": "application/json",
    "reveal.txt": "text/plain", "result.json": "application/json",
}
SESSION_DEMO_RN = "lottery.demo_rn"
SESSION_HELD = "lottery.held.{pk}"  # the id of this browser's held entry change


def _rate(name: str, default: str) -> str:
    return getattr(settings, name, default)


def busy_guard(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except OperationalError:
            response = render(request, "lottery/busy.html", status=503)
            response["Retry-After"] = str(RETRY_AFTER)
            return response
    return wrapped


def _throttled(request: HttpRequest, rate: str) -> HttpResponse:
    response = render(request, "lottery/throttled.html", status=429)
    response["Retry-After"] = str(window_seconds(rate))
    return response


def _apply_errors(form: dj_forms.Form, exc: InvalidData) -> None:
    for field, message in getattr(exc, "errors", None) or [(exc.field, exc.message)]:
        form.add_error(field if field in form.fields else None, message)


def _lottery(pk: int) -> Lottery:
    lot = queries.public().filter(pk=pk).first()
    if lot is None:
        raise Http404("摇号不存在")
    return lot


# -- public pages ------------------------------------------------------------------------


@require_GET
@busy_guard
def lottery_list(request: HttpRequest) -> HttpResponse:
    return render(request, "lottery/list.html", {"lotteries": queries.public()[:200]})


@require_GET
@busy_guard
def announcement(request: HttpRequest, pk: int) -> HttpResponse:
    lot = _lottery(pk)
    return render(request, "lottery/announcement.html", {
        "lot": lot, "spec": rounds.spec_for(lot), "now": timezone.now(),
        "registration_refusal": registration.registration_refusal(lot, timezone.now()),
        "commitment": artefacts.commitment_artefact(lot) if lot.file_hash else None,
        "rounds": queries.rounds_of(lot)})


@require_http_methods(["GET", "POST"])
@busy_guard
def register(request: HttpRequest, pk: int) -> HttpResponse:
    lot = _lottery(pk)
    form = RegisterForm(request.POST or None, lottery=lot)
    refusal = registration.registration_refusal(lot, timezone.now())
    status = 409 if refusal and request.method == "POST" else 200
    if request.method == "POST" and not refusal and form.is_valid():
        ip_rate = _rate("FAZHI_THROTTLE_LOTTERY_IP", "30/10m")
        person_rate = _rate("FAZHI_THROTTLE_LOTTERY_PERSON", "5/h")
        if not hit("lottery.register.ip", client_ip(request), ip_rate):
            return _throttled(request, ip_rate)
        person = eligibility.person_key(form.cleaned_data["id_number"])  # NFKC by the form
        if not hit("lottery.register.person", f"{lot.pk}:{person}", person_rate):
            return _throttled(request, person_rate)
        try:
            entry = registration.register(lot.pk, **{k: form.cleaned_data[k] for k in (
                "name", "id_number", "phone", "pool", "code")})
        except InvalidData as exc:
            _apply_errors(form, exc)
            status = 422
        except DomainError as exc:
            refusal, status = exc.message, exc.status
        else:
            return _entry_page(request, lot, entry)
    elif request.method == "POST" and not refusal:
        _add_entry_errors(form, lot)
        status = 422
    return render(request, "lottery/register.html",
                  {"lot": lot, "form": form, "refusal": refusal}, status=status)


def _entry_page(request: HttpRequest, lot: Lottery, entry: registration.Entry,
                form: ConfirmForm | None = None, status: int = 200) -> HttpResponse:
    """The confirmation: the code only for a new entry; a held change asks for the
    one-time code sent to the stored phone (shown masked)."""
    reg = entry.registration
    if entry.outcome == "held":
        request.session[SESSION_HELD.format(pk=lot.pk)] = entry.change.pk
        return render(request, "lottery/confirm.html", {
            "lot": lot, "form": form or ConfirmForm(),
            "phone": eligibility.mask_phone(reg.phone)}, status=status)
    request.session.pop(SESSION_HELD.format(pk=lot.pk), None)
    return render(request, "lottery/registered.html", {
        "lot": lot, "reg": reg, "outcome": entry.outcome,
        "code": reg.code if entry.outcome == "created" else "",
        "phone": eligibility.mask_phone(reg.phone), "pool": lot.pool_label(reg.pool)})


@require_POST
@busy_guard
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The one-time code that lets a held change to an entry through."""
    lot = _lottery(pk)
    rate = _rate("FAZHI_THROTTLE_LOTTERY_LOOKUP", "30/10m")
    if not hit("lottery.lookup", client_ip(request), rate):
        return _throttled(request, rate)
    form = ConfirmForm(request.POST)
    held = request.session.get(SESSION_HELD.format(pk=lot.pk))
    phone = queries.held_phone(lot, held)
    context = {"lot": lot, "form": form, "phone": eligibility.mask_phone(phone) if phone else None}
    if held is None:
        context["refusal"] = "没有待验证的登记修改，请先提交登记"
        return render(request, "lottery/confirm.html", context, status=409)
    if form.is_valid():
        try:
            entry = registration.confirm_change(lot.pk, held, form.cleaned_data["otp"])
        except InvalidData as exc:
            _apply_errors(form, exc)
        except DomainError as exc:
            request.session.pop(SESSION_HELD.format(pk=lot.pk), None)
            context["refusal"] = exc.message
            return render(request, "lottery/confirm.html", context, status=exc.status)
        else:
            return _entry_page(request, lot, entry)
    return render(request, "lottery/confirm.html", context, status=422)


def _add_entry_errors(form: RegisterForm, lot: Lottery) -> None:
    """Run the ID/age/phone checks on what was typed even though another field failed,
    so every problem shows in one round; fields the form already rejected keep only
    the form's message."""
    failed = set(form.errors)
    typed = {k: form.data.get(k, "") for k in ("name", "id_number", "phone", "pool")}
    for field, message in registration.registration_errors(lot, **typed):
        if field not in failed:
            form.add_error(field, message)


@require_http_methods(["GET", "POST"])
@busy_guard
def mine(request: HttpRequest, pk: int) -> HttpResponse:
    """My registration: code + ID number → entry, receipt, inclusion check, outcome."""
    lot = _lottery(pk)
    form = LookupForm(request.POST or None)
    context: dict = {"lot": lot, "form": form}
    if request.method == "POST" and not form.is_valid():
        return render(request, "lottery/mine.html", context, status=422)
    if request.method == "POST":
        rate = _rate("FAZHI_THROTTLE_LOTTERY_LOOKUP", "30/10m")
        if not hit("lottery.lookup", client_ip(request), rate):
            return _throttled(request, rate)
        reg = registration.find_registration(lot, form.cleaned_data["code"],
                                         form.cleaned_data["id_number"])
        if reg is None:
            form.add_error(None, "申请编码与公民身份号码不匹配，或该编码不属于本期摇号")
            return render(request, "lottery/mine.html", context, status=404)
        context.update(_my_entry(lot, reg))
        context["appeal_form"] = AppealForm(initial={"code": reg.code})
    return render(request, "lottery/mine.html", context)


def _my_entry(lot: Lottery, reg) -> dict:
    out: dict = {"reg": reg, "pool": lot.pool_label(reg.pool),
                 "phone": eligibility.mask_phone(reg.phone),
                 "selection": Selection.objects.filter(lottery=lot, code=reg.code).first()}
    if lot.file_hash:
        receipt = artefacts.receipt(lot, reg.code)
        try:
            draws.verify_receipt(receipt, lot.merkle_root)
            out["server_check"] = True
        except draws.ReceiptError:
            out["server_check"] = False
        out["receipt"] = receipt
        out["receipt_json"] = draws.canonical_json(receipt).decode("utf-8")
    if lot.state == Lottery.PUBLISHED and lot.appeal_until and timezone.now() <= lot.appeal_until:
        out["appeal_open"] = True
    return out


@require_POST
@busy_guard
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    lot = _lottery(pk)
    form = AppealForm(request.POST)
    rate = _rate("FAZHI_THROTTLE_LOTTERY_LOOKUP", "30/10m")
    if not hit("lottery.lookup", client_ip(request), rate):
        return _throttled(request, rate)
    if form.is_valid():
        try:
            appeals.submit_appeal(lot.pk, **form.cleaned_data)
        except InvalidData as exc:
            _apply_errors(form, exc)
        else:
            return render(request, "lottery/appealed.html", {"lot": lot})
    return render(request, "lottery/appeal.html", {"lot": lot, "form": form}, status=422)


@require_GET
@busy_guard
def results(request: HttpRequest, pk: int) -> HttpResponse:
    lot = _lottery(pk)
    if lot.state not in (Lottery.PUBLISHED, Lottery.VOID):
        return render(request, "lottery/results.html", {"lot": lot, "pending": True})
    return render(request, "lottery/results.html", {
        "lot": lot, "pools": queries.result_table(lot, mask_name),
        "result": artefacts.draws_result(lot), "appeals": lot.appeals.all(),
        "corrections": lot.corrections})


@require_GET
@busy_guard
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    lot = _lottery(pk)
    # r_N, the seed and the result stay private until publication (the template guards
    # too); a drawn but unpublished or voided round shows none of them.
    published = lot.state == Lottery.PUBLISHED
    return render(request, "lottery/verify.html", {
        "lot": lot, "available": _available_artefacts(lot), "verifier_sha256": verifier_sha256(),
        "result": artefacts.draws_result(lot) if published else {},
        "bundle_name": f"{lot.draw_id}-bundle.zip" if published and lot.result_json else ""})


def _available_artefacts(lot: Lottery) -> list[str]:
    names = ["spec.json"]
    if lot.file_hash:
        names += ["commitment.json", "pool.csv"]
    if lot.result_json and lot.state == Lottery.PUBLISHED:
        names += ["sources.json", "reveal.txt", "result.json"]
    return names


@require_GET
@busy_guard
def artefact(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    lot = _lottery(pk)
    if name not in ARTEFACTS or name not in _available_artefacts(lot):
        raise Http404("该材料尚未公布")
    if name in ("spec.json", "pool.csv"):
        data = (lot.spec_json if name == "spec.json" else lot.pool_file).encode("utf-8")
    elif name == "commitment.json" and not lot.result_json:
        data = draws.canonical_json(artefacts.commitment_artefact(lot))
    else:
        data = artefacts.bundle(lot)[name]
    response = HttpResponse(data, content_type=f"{ARTEFACTS[name]}; charset=utf-8")
    # The plain name `verify-draw --bundle DIR` looks for: no renaming after download.
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@busy_guard
def artefact_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    """All six artefacts in one zip, under the names the verifier expects; once published."""
    lot = _lottery(pk)
    if "result.json" not in _available_artefacts(lot):
        raise Http404("该材料尚未公布")
    response = HttpResponse(artefacts.bundle_zip(lot), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{lot.draw_id}-bundle.zip"'
    return response


@lru_cache(maxsize=1)
def verifier_sha256() -> str:
    return hashlib.sha256(VERIFIER.read_bytes()).hexdigest() if VERIFIER.exists() else ""


@require_GET
def verifier_page(request: HttpRequest) -> HttpResponse:
    return render(request, "lottery/verifier.html", {"sha256": verifier_sha256()})


@require_GET
def verifier_download(request: HttpRequest) -> FileResponse:
    if not VERIFIER.exists():
        raise Http404("验证程序未随本站部署")
    return FileResponse(VERIFIER.open("rb"), as_attachment=True, filename="fazhi_verify.py",
                        content_type="text/x-python")


# -- staff and notary pages --------------------------------------------------------------


def _lottery_actor(request: HttpRequest) -> Actor:
    actor = staff_actor(request)
    if not actor.has_any(frozenset({ADMIN, NOTARY})):
        raise Forbidden("仅限摇号组织机关的系统管理员和公证员访问")
    return actor


@require_GET
@busy_guard
def staff_list(request: HttpRequest) -> HttpResponse:
    actor = _lottery_actor(request)
    return render(request, "lottery/staff_list.html",
                  {"actor": actor, "lotteries": queries.for_staff(actor)[:200],
                   "can_announce": ADMIN in actor.roles})


@require_http_methods(["GET", "POST"])
@busy_guard
def staff_new(request: HttpRequest) -> HttpResponse:
    actor = _lottery_actor(request)
    form = AnnounceForm(request.POST or None, organiser_id=actor.agency_id)
    if request.method == "POST" and form.is_valid():  # LotteryRules has validated
        try:
            lot = rounds.announce(actor, form.parsed)
        except InvalidData as exc:
            form.add_errors(exc)
        else:
            messages.success(request, "摇号公告已发布")
            return redirect("lottery:staff_detail", pk=lot.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "lottery/staff_new.html", {"actor": actor, "form": form},
                  status=status)


def _staff_lottery(actor: Actor, pk: int) -> Lottery:
    lot = queries.for_staff(actor).filter(pk=pk).first()
    if lot is None:
        raise Http404("摇号不存在")
    return lot


@require_GET
@busy_guard
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _lottery_actor(request)
    lot = _staff_lottery(actor, pk)
    return render(request, "lottery/staff_detail.html", _staff_context(request, actor, lot))


def _staff_context(request: HttpRequest, actor: Actor, lot: Lottery, **extra) -> dict:
    allowed = [name for name, c in COMMANDS.items()
               if lot.state in c.src and _may(actor, lot, name)]
    ids = notary_steps.source_ids(lot)
    return {"actor": actor, "lot": lot, "allowed": allowed,
            "source_form": extra.pop("source_form", None) or SourceForm(ids=ids),
            "sources": [{"id": i, "value": lot.source_values.get(i, "—"),
                         "entered": i in lot.source_values,
                         "evidence": lot.source_evidence.get(i)} for i in ids],
            "selections": Selection.objects.filter(lottery=lot).order_by("pool", "kind", "rank"),
            "appeals": lot.appeals.all(), "events": _labelled(lot.events.order_by("-seq")[:50]),
            "chain_problems": commands.verify_chain(lot),
            "demo_rn": request.session.pop(SESSION_DEMO_RN, None),
            "commitment": artefacts.commitment_artefact(lot) if lot.file_hash else None,
            "notary_offices": queries.notary_offices().exclude(pk=lot.agency_id)
            if "name_notary" in allowed else [],
            **extra}


def _labelled(events) -> list:
    """Events with the Chinese command label (the stored action code stays in the chain)."""
    out = list(events)
    for e in out:
        e.label = local(COMMANDS[e.action].label) if e.action in COMMANDS else e.action
    return out


def _may(actor: Actor, lot: Lottery, action: str) -> bool:
    try:
        commands.authorise_action(lot, actor, action)
    except Forbidden:
        return False
    return True


@require_POST
@busy_guard
def staff_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = _lottery_actor(request)
    lot = _staff_lottery(actor, pk)
    handler = _ACTIONS.get(action)
    if handler is None:
        raise Http404("未知的操作")
    try:
        done = handler(request, actor, lot)
    except DomainError as exc:
        if isinstance(exc, Forbidden):
            raise
        context = _staff_context(request, actor, lot, error=exc.message)
        return render(request, "lottery/staff_detail.html", context, status=exc.status)
    if isinstance(done, HttpResponse):
        return done
    messages.success(request, done)
    return redirect("lottery:staff_detail", pk=lot.pk)


def _post(request: HttpRequest, name: str) -> str:
    return request.POST.get(name, "").strip()


def _post_int(request: HttpRequest, name: str) -> int | None:
    value = _post(request, name)
    return int(value) if value.isascii() and value.isdigit() else None


def _enter_source(request: HttpRequest, actor: Actor, lot: Lottery) -> str | HttpResponse:
    form = SourceForm(request.POST, request.FILES, ids=notary_steps.source_ids(lot))
    if not form.is_valid():
        return render(request, "lottery/staff_detail.html",
                      _staff_context(request, actor, lot, source_form=form), status=422)
    d = form.cleaned_data
    notary_steps.enter_source(actor, lot.pk, d["source_id"], d["value"] or None,
                          evidence_url=d["evidence_url"], evidence_text=d["evidence_text"],
                          screenshot=d["screenshot"])
    return local("已录入随机源 {}").format(d["source_id"])


def _demo_commit(request: HttpRequest, actor: Actor, lot: Lottery) -> str:
    """Demo only: r_N made here and shown once; in production the notary makes it offline."""
    if getattr(settings, "PRODUCTION", False):
        raise Forbidden("正式环境中 r_N 须由公证员离线生成，不能在网页中生成")
    commands.authorise_action(lot, actor, "commit")
    r_n = secrets.token_bytes(32)
    notary_steps.commit(actor, lot.pk, draws.notary_commitment(lot.draw_id, r_n).hex())
    request.session[SESSION_DEMO_RN] = r_n.hex()
    return "已生成并提交 c_N；请立即抄录下方只显示一次的 r_N"


def _reveal(request: HttpRequest, actor: Actor, lot: Lottery) -> str:
    lot = notary_steps.reveal(actor, lot.pk, _post(request, "reveal"))
    return "r_N 与承诺不符，本次摇号无效" if lot.state == Lottery.VOID else "r_N 已公开并与承诺相符"


def _rerun(request: HttpRequest, actor: Actor, lot: Lottery) -> str:
    try:
        sources = [source_line(x) for x in _post(request, "sources").splitlines() if x.strip()]
    except ValueError as exc:
        raise InvalidData(str(exc)) from None
    notary_steps.rerun(actor, lot.pk, sources)
    return "已重新组织摇号：请公证员提交新的承诺"


def _answer(request: HttpRequest, actor: Actor, lot: Lottery) -> str:
    try:
        appeal_id = int(_post(request, "appeal"))
    except ValueError:
        raise InvalidData("异议编号无效") from None
    appeals.answer_appeal(actor, lot.pk, appeal_id, upheld=_post(request, "upheld") == "yes",
                           answer=_post(request, "answer"), op=_post(request, "op"),
                           code=_post(request, "code"))
    return "已答复异议"


_ACTIONS: dict[str, Callable[[HttpRequest, Actor, Lottery], str | HttpResponse]] = {
    "open_registration": lambda r, a, lot: (rounds.open_registration(a, lot.pk), "已开始登记")[1],
    "freeze": lambda r, a, lot: (notary_steps.freeze(a, lot.pk), "名单已冻结，承诺值已公布")[1],
    "commit": lambda r, a, lot: (notary_steps.commit(a, lot.pk, _post(r, "commitment")),
                                 "已提交公证承诺 c_N")[1],
    "demo_commit": _demo_commit,
    "enter_source": _enter_source,
    "reveal": _reveal,
    "draw": lambda r, a, lot: (drawing.draw(a, lot.pk), "摇号已完成")[1],
    "publish": lambda r, a, lot: (drawing.publish(a, lot.pk), "结果已公布，已通知中签人")[1],
    "void": lambda r, a, lot: (notary_steps.void(a, lot.pk, _post(r, "reason")), "已宣布摇号无效")[1],
    "rerun": _rerun,
    "claim": lambda r, a, lot: (drawing.claim(a, lot.pk, _post(r, "code")), "已登记领取")[1],
    "expire_claims": lambda r, a, lot: (drawing.expire_claims(a, lot.pk), "已处理逾期未领取")[1],
    "answer_appeal": _answer,
    "next_round": lambda r, a, lot: (rounds.next_round(a, lot.pk), "已生成下一期")[1],
    "name_notary": lambda r, a, lot: (rounds.name_notary(a, lot.pk, _post_int(r, "agency")),
                                      "已指定监督公证机构")[1],
}


@require_GET
def commitment_help(request: HttpRequest) -> HttpResponse:
    actor = _lottery_actor(request)
    return render(request, "lottery/commitment_help.html", {"actor": actor})


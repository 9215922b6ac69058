"""Inspection pages: public (plans, commitments, targets, results, verification) and staff."""

from __future__ import annotations

import hashlib
import json
import secrets
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fazhi.core.errors import DomainError, Forbidden, InvalidData
from fazhi.core.i18n import local
from fazhi.core.web import staff_actor
from fazhi.inspections import (
    artefacts,
    commands,
    inspection_results,
    notary_steps,
    plans,
    queries,
    recusals,
    team_draw,
)
from fazhi.inspections.forms import ImportForm, PlanForm, RecuseForm, ResultForm, parse_sources
from fazhi.inspections.models import InspectionRecord, Plan, Recusal, Target, TeamMember
from fazhi.inspections.procedure import COMMANDS, PLANNERS
from fazhi.law import draws
from fazhi.org.actors import Actor
from fazhi.subjects import config as subject_config
from fazhi.subjects import importer

VERIFIER = Path(settings.BASE_DIR) / "verifier" / "fazhi_verify_inspection.py"
PUBLIC_ARTEFACTS = {
    "spec.json": "application/json", "commitment.json": "application/json",
    "directory.csv": "text/csv", "sources.json": "application/json",
    "reveal.txt": "text/plain", "result.json": "application/json",
}
INTERNAL_ARTEFACTS = {"roster.csv": "text/csv", "conflicts.csv": "text/csv",
                      "teams.json": "application/json"}
SESSION_DEMO_RN = "inspections.demo_rn"


# -- public pages --------------------------------------------------------------------------


def _public_plan(pk: int) -> Plan:
    plan = queries.public_plans().filter(pk=pk).first()
    if plan is None:
        raise Http404("抽查计划不存在")
    return plan


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "inspections/plan_list.html",
                  {"plans": queries.public_plans()[:200]})


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _public_plan(pk)
    result = json.loads(plan.result_json) if plan.state == Plan.PUBLISHED else None
    return render(request, "inspections/plan_detail.html", {
        "plan": plan, "spec": json.loads(plan.spec_json) if plan.spec_json else None,
        "commitment": plans.commitment_artefact(plan), "result": result,
        "labels": subject_config.CLASS_LABELS, "items": plan.items.select_related("agency"),
        "agencies": plan.agencies.all()})


@require_GET
def plan_targets(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _public_plan(pk)
    if plan.state != Plan.PUBLISHED:
        return render(request, "inspections/plan_targets.html", {"plan": plan, "pending": True})
    targets = (Target.objects.filter(plan=plan).select_related("entity", "record__public")
               .order_by("order"))
    return render(request, "inspections/plan_targets.html", {
        "plan": plan, "targets": targets, "counts": recusals.inspector_counts(plan),
        "recusals": Recusal.objects.filter(target__plan=plan).count()})


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    found = list(queries.search_results(query)) if query else []
    return render(request, "inspections/results.html", {"q": query, "found": found})


@require_GET
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _public_plan(pk)
    return render(request, "inspections/verify.html", {
        "plan": plan, "available": _available(plan), "verifier_sha256": verifier_sha256(),
        "result": json.loads(plan.result_json) if plan.state == Plan.PUBLISHED else None})


def _available(plan: Plan) -> list[str]:
    names = ["spec.json", "commitment.json"]
    if plan.state == Plan.PUBLISHED:
        names += ["directory.csv", "sources.json", "reveal.txt", "result.json"]
    return names


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def artefact(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    plan = _public_plan(pk)
    if name not in _available(plan):
        raise Http404("该材料尚未公布")
    if name == "spec.json":
        data = plan.spec_json.encode("utf-8")
    elif name == "commitment.json":
        data = draws.canonical_json(plans.commitment_artefact(plan))
    else:
        data = artefacts.bundle(plan)[name]
    return _download(data, f"{plan.draw_id}-{name}", PUBLIC_ARTEFACTS[name])


@lru_cache(maxsize=1)
def verifier_sha256() -> str:
    return hashlib.sha256(VERIFIER.read_bytes()).hexdigest() if VERIFIER.exists() else ""


@require_GET
def verifier_download(request: HttpRequest) -> FileResponse:
    if not VERIFIER.exists():
        raise Http404("验证程序未随本站部署")
    return FileResponse(VERIFIER.open("rb"), as_attachment=True,
                        filename=VERIFIER.name, content_type="text/x-python")


# -- staff pages ---------------------------------------------------------------------------


def _staff_plan(actor: Actor, pk: int) -> Plan:
    plan = queries.for_staff(actor).filter(pk=pk).first()
    if plan is None:
        raise Http404("抽查计划不存在")
    return plan


@require_GET
def staff_home(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    return render(request, "inspections/staff_home.html", {
        "actor": actor, "plans": queries.for_staff(actor)[:200],
        "targets": queries.my_targets(actor)[:200],
        "can_create": actor.has_any(PLANNERS)})


@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    actor = staff_actor(request)
    if not actor.has_any(PLANNERS):
        raise Forbidden("只有机关的承办人、负责人或管理员可以创建抽查计划")
    form = PlanForm(request.POST or None, agency_id=actor.agency_id)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():  # PlanRules has validated
            try:
                plan = plans.create_plan(actor, form.parsed)
            except InvalidData as exc:
                form.add_errors(exc)
            else:
                messages.success(request, "抽查计划已创建")
                return redirect("inspections:staff_plan", pk=plan.pk)
    return render(request, "inspections/staff_new.html", {"actor": actor, "form": form},
                  status=status)


def _may(actor: Actor, plan: Plan, action: str) -> bool:
    try:
        commands.authorise_action(plan, actor, action)
    except Forbidden:
        return False
    return True


def _staff_context(request: HttpRequest, actor: Actor, plan: Plan, **extra) -> dict:
    allowed = [a for a, c in COMMANDS.items()
               if plan.state in c.src and a not in ("result", "publish_result", "recuse")
               and _may(actor, plan, a)]
    targets = (Target.objects.filter(plan=plan).select_related("entity", "record")
               .prefetch_related("members__inspector").order_by("order")[:500])
    return {"actor": actor, "plan": plan, "allowed": allowed, "targets": targets,
            "commitment": plans.commitment_artefact(plan) if plan.file_hash else None,
            "sources": [{"id": i, "value": plan.source_values.get(i, "—")}
                        for i in notary_steps.source_ids(plan)],
            "events": plan.events.order_by("-seq")[:50],
            "chain_problems": commands.verify_chain(plan),
            "escalated": Target.objects.filter(plan=plan, status=Target.UNASSIGNABLE),
            "can_recuse": _may(actor, plan, "recuse"),
            "demo_rn": request.session.pop(SESSION_DEMO_RN, None),
            "counts": recusals.inspector_counts(plan) if plan.result_json else [],
            "internal": list(INTERNAL_ARTEFACTS) if plan.result_json else [], **extra}


@require_GET
def staff_plan(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    plan = _staff_plan(actor, pk)
    return render(request, "inspections/staff_plan.html", _staff_context(request, actor, plan))


def _post(request: HttpRequest, name: str) -> str:
    return request.POST.get(name, "").strip()


def _demo_commit(request: HttpRequest, actor: Actor, plan: Plan) -> str:
    """Demo only: r_N made here and shown once; in production it is made offline."""
    if getattr(settings, "PRODUCTION", False):
        raise Forbidden("正式环境中 r_N 须由监督人员离线生成，不能在网页中生成")
    commands.authorise_action(plan, actor, "commit")
    r_n = secrets.token_bytes(32)
    notary_steps.commit(actor, plan.pk, draws.notary_commitment(plan.draw_id, r_n).hex())
    request.session[SESSION_DEMO_RN] = r_n.hex()
    return "已生成并提交 c_N；请立即抄录下方只显示一次的 r_N"


_ACTIONS: dict[str, Callable[[HttpRequest, Actor, Plan], str]] = {
    "freeze": lambda r, a, p: (plans.freeze(a, p.pk), "名录已冻结，承诺值已公布")[1],
    "commit": lambda r, a, p: (notary_steps.commit(a, p.pk, _post(r, "commitment")),
                               "已提交监督人承诺 c_N")[1],
    "demo_commit": _demo_commit,
    "enter_source": lambda r, a, p: (notary_steps.enter_source(
        a, p.pk, _post(r, "source_id"), _post(r, "value") or None,
        evidence=_post(r, "evidence")), "已录入随机源")[1],
    "reveal": lambda r, a, p: ("r_N 与承诺不符，本次抽取无效"
                               if notary_steps.reveal(a, p.pk, _post(r, "reveal")).state == Plan.VOID
                               else "r_N 已公开并与承诺相符"),
    "draw": lambda r, a, p: (team_draw.draw(a, p.pk), "已抽取检查对象并组队")[1],
    "publish": lambda r, a, p: (team_draw.publish(a, p.pk), "抽取结果已公布")[1],
    "void": lambda r, a, p: (notary_steps.void(a, p.pk, _post(r, "reason")), "已宣布本次抽取无效")[1],
    "rerun": lambda r, a, p: (notary_steps.rerun(a, p.pk, parse_sources(_post(r, "sources"))),
                              "已重新组织抽取：请监督人提交新的承诺")[1],
}


@require_POST
def staff_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = staff_actor(request)
    plan = _staff_plan(actor, pk)
    handler = _ACTIONS.get(action)
    if handler is None:
        raise Http404("未知的操作")
    try:
        done = handler(request, actor, plan)
    except DomainError as exc:
        if isinstance(exc, Forbidden):
            raise
        plan.refresh_from_db()
        return render(request, "inspections/staff_plan.html",
                      _staff_context(request, actor, plan, error=exc.message),
                      status=exc.status)
    messages.success(request, done)
    return redirect("inspections:staff_plan", pk=plan.pk)


@require_POST
def staff_recuse(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    target = Target.objects.filter(pk=pk, plan__in=queries.for_staff(actor)).first()
    if target is None:
        raise Http404("抽中对象不存在")
    form = RecuseForm(request.POST)
    if not form.is_valid():
        raise InvalidData("请填写回避事由", field="reason")
    recusal = recusals.recuse(actor, target.pk, form.cleaned_data["inspector"],
                              form.cleaned_data["reason"])
    if recusal.replacement:
        messages.success(request, local("已回避，由 {} 递补").format(recusal.replacement.code))
    else:
        messages.warning(request, "已回避，无符合条件的递补人员，该对象已上报")
    return redirect("inspections:staff_plan", pk=target.plan_id)


@require_http_methods(["GET", "POST"])
def staff_result(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    target = Target.objects.select_related("plan", "entity").filter(pk=pk).first()
    if target is None:
        raise Http404("抽中对象不存在")
    inspection_results._team_member(actor, target)  # 403 for anyone else, before showing anything
    record = InspectionRecord.objects.filter(target=target).first()
    form = ResultForm(request.POST or None, request.FILES or None, plan=target.plan)
    status = 200
    if request.method == "POST" and record is None:
        status = 422
        if form.is_valid():  # ResultInput has validated
            try:
                inspection_results.enter_result(actor, target.pk, form.parsed,
                                      files=request.FILES.getlist("evidence"))
            except InvalidData as exc:
                form.add_errors(exc)
            else:
                messages.success(request, "检查结果已录入，公示期限已开始计算")
                return redirect("inspections:staff_result", pk=target.pk)
    members = TeamMember.objects.filter(target=target).select_related("inspector")
    return render(request, "inspections/staff_result.html", {
        "actor": actor, "target": target, "record": record, "form": form,
        "members": members}, status=status)


@require_POST
def staff_publish_result(request: HttpRequest, pk: int) -> HttpResponse:
    actor = staff_actor(request)
    record = inspection_results.publish_result(actor, pk)
    if record.published_late:
        messages.warning(request, local("已公示；已超过公示期限（{}），记为逾期公示").format(
            record.publish_due))
    else:
        messages.success(request, "已在门户公示")
    return redirect("inspections:staff_result", pk=record.target_id)


@require_GET
def staff_internal(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Roster, conflicts and teams for auditors: planners, the notary, city-wide roles."""
    actor = staff_actor(request)
    plan = _staff_plan(actor, pk)
    if not (actor.has_any(PLANNERS | {"notary"}) or actor.city_wide):
        raise Forbidden("仅限计划发起机关、监督人员和督察人员下载内部材料")
    files = artefacts.bundle(plan, internal=True)
    if name not in files:
        raise Http404("没有该材料")
    kind = {**PUBLIC_ARTEFACTS, **INTERNAL_ARTEFACTS}[name]
    return _download(files[name], f"{plan.draw_id}-{name}", kind)


@require_http_methods(["GET", "POST"])
def staff_import(request: HttpRequest) -> HttpResponse:
    """The same all-or-nothing importer as `fazhi import`, from an upload (admins only)."""
    actor = staff_actor(request)
    if "admin" not in actor.roles and not request.user.is_superuser:
        raise Forbidden("仅限系统管理员导入名录")
    form = ImportForm(request.POST or None, request.FILES or None)
    report, status, problem = None, 200, None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
            for chunk in upload.chunks():
                tmp.write(chunk)
            tmp.flush()
            try:
                report = importer.run_import(form.cleaned_data["kind"], Path(tmp.name))
            except importer.FileProblem as exc:
                problem = str(exc)
        status = 200 if report is not None and report.ok else 422
    elif request.method == "POST":
        status = 422
    return render(request, "inspections/staff_import.html", {
        "actor": actor, "form": form, "report": report, "problem": problem}, status=status)

"""Full-process records of a penalty case (执法全过程记录, 《行政处罚法》第四十七条; 国办发〔2018〕118号;
procedures.md §4.2): written and audio/video records of its steps, each with its file's
SHA-256 and size, device, start and stop, officers and the step it belongs to.

A record is stored content-addressed under MEDIA_ROOT (like case attachments) or, for footage
too large to upload, registered with the hash of the file the agency's audio/video archive
holds; either way its metadata is an event of the case's hash chain (`engine.record`,
"record:<kind>", internal: the party's timeline leaves it out). The agency's audio/video list
names the steps that need one; the engine refuses such a step without a matching record
(`guard` for a transition that always is such a step, `require` inside the effects whose step
depends on the data submitted)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from django.conf import settings
from django.utils import timezone
from pydantic import BaseModel, Field

from fazhi.cases.engine import record
from fazhi.cases.files import check_upload, write_content_addressed
from fazhi.cases.models import Case
from fazhi.cases.step import Step
from fazhi.cases.validation import validate
from fazhi.core.errors import Forbidden, InvalidData, NotAllowed
from fazhi.core.i18n import local
from fazhi.enforcement import config
from fazhi.enforcement import models as m
from fazhi.org.actors import Actor
from fazhi.subjects.models import Officer

LAW_BASIS = "《行政处罚法》第四十七条"
HEX64 = re.compile(r"^[0-9a-f]{64}$")
# Audio/video containers by extension: the leading bytes that identify them
AV_TYPES = {"mp4": "video/mp4", "mov": "video/quicktime", "m4a": "audio/mp4",
            "mp3": "audio/mpeg", "wav": "audio/wav"}
RECORDERS = frozenset({"handler", "head"})


class RecordData(BaseModel):
    kind: Literal["written", "audio", "video"] = Field(title="记录类型")
    step: str = Field(min_length=1, max_length=40, title="所属环节")
    title: str = Field(min_length=2, max_length=200, title="记录名称")
    device: str = Field(default="", max_length=100, title="记录设备",
                        description="音像记录填写执法记录仪等设备编号")
    started_at: datetime = Field(title="开始时间")
    stopped_at: datetime = Field(title="结束时间")
    officer_ids: list[int] = Field(min_length=1, max_length=10, title="执法人员")
    archive_ref: str = Field(default="", max_length=200, title="音像档案存放位置",
                             description="文件未上传、存于本机关音像档案系统的，填写存放位置并填写其哈希值和大小")
    sha256: str = Field(default="", max_length=64, title="文件SHA-256")
    size: int | None = Field(default=None, ge=1, title="文件大小（字节）")
    filename: str = Field(default="", max_length=200, title="文件名")


def max_bytes() -> int:
    return int(getattr(settings, "FAZHI_RECORD_MAX_BYTES", 200 * 1024 * 1024))


# -- the agency's audio/video list ------------------------------------------------------------
def required_steps(agency_id: int, on: date) -> tuple[str, ...]:
    return config.record_policy(agency_id, on)[0]


def missing(case: Case, code: str, on: date) -> str | None:
    """Why step `code` of `case` may not be taken on `on` for want of an audio/video record
    (None: not on the agency's list, or a record waits to be used)."""
    steps, _, citation, default = config.record_policy(case.agency_id, on)
    if code not in steps or _unused(case, code).exists():
        return None
    source = local("默认清单，未经核实") if default else local("本机关音像记录事项清单")
    return local("“{step}”须全程音像记录（{source}；{basis}），请先登记本环节的音频或视频记录").format(
        step=local(config.RECORD_STEPS.get(code, code)), source=source,
        basis=f"{LAW_BASIS}；{citation.split('（')[0].split('；')[0]}")


def _unused(case: Case, code: str):  # noqa: ANN202 - a queryset
    return m.ProcessRecord.objects.filter(case=case, step=code, kind__in=m.AV_KINDS,
                                          used_seq=None)


def guard(code: str) -> Callable[[Case, date], str | None]:
    """A transition guard: the step is refused (on screens and through the API alike)
    while the agency's list requires a record the case does not have."""
    def refusal(case: Case, today: date) -> str | None:
        return missing(case, code, today)

    refusal.__name__ = f"av_record_{code}"
    return refusal


def require(step: Step, code: str) -> None:
    """Inside an effect: refuse the step without its record, and mark the records it uses
    (their hashes go into the transition's event, so the chain ties step and record)."""
    refusal = missing(step.case, code, step.today)
    if refusal:
        raise NotAllowed(refusal)
    found = list(_unused(step.case, code).values_list("pk", "sha256"))
    if not found:
        return
    seq = step.case.event_count + 1  # the event this transition appends (engine._run)
    m.ProcessRecord.objects.filter(pk__in=[pk for pk, _ in found]).update(used_seq=seq)
    step.payload["records"] = [digest for _, digest in found]


def step_of(action: str, data: Any) -> str:
    """The record step a transition with its data is."""
    if action == "record_investigation":
        kind = getattr(data, "kind", "other")
        return kind if kind in ("inquiry", "inspection", "sampling") else "investigation"
    if action == "decide_preserved":
        return "seize" if getattr(data, "way", "") == "seize" else "release"
    return {"record_hearing": "hearing", "demand": "enforce", "apply_court": "enforce"}.get(
        action, action)


# -- registering a record ----------------------------------------------------------------------
def register(case: Case, actor: Actor, data: dict | RecordData, upload: Any = None, *,
             today: date | None = None) -> m.ProcessRecord:
    """Register a record of `case` with its file (`upload`: an UploadedFile or a (name,
    bytes) pair) or, for audio/video held in the agency's archive, with its hash and size."""
    today = today or timezone.localdate()
    parsed: RecordData = validate(RecordData, data)
    _check_actor(case, actor)
    _check_times(parsed, today)
    if parsed.step not in config.RECORD_STEPS:
        raise InvalidData(local("未知的办案环节：{}").format(parsed.step), field="step")
    if parsed.kind in m.AV_KINDS and not parsed.device.strip():
        raise InvalidData(local("音像记录须填写记录设备"), field="device")
    officers = _officers(case, parsed.officer_ids)
    stored = _store(parsed, upload) if upload is not None else _registered(parsed)
    _, retention, _, _ = config.record_policy(case.agency_id, today)

    made: list[m.ProcessRecord] = []

    def make(locked: Case) -> tuple[dict, list]:
        if not locked.is_open:
            raise NotAllowed(local("案件已结案，不能再登记执法记录"))
        row = m.ProcessRecord.objects.create(
            case=locked, kind=parsed.kind, step=parsed.step, title=parsed.title.strip(),
            device=parsed.device.strip(), started_at=parsed.started_at,
            stopped_at=parsed.stopped_at, officer_ids=[o.pk for o in officers],
            officer_names=[o.name for o in officers], retention=retention,
            recorded_by=actor.label, recorded_on=today, event_seq=locked.event_count + 1,
            archive_ref=parsed.archive_ref.strip(), **stored)
        made.append(row)
        payload = {"record": row.pk, "kind": row.kind, "step": row.step, "title": row.title,
                   "device": row.device, "started_at": row.started_at.isoformat(),
                   "stopped_at": row.stopped_at.isoformat(), "officers": row.officer_names,
                   "filename": row.filename, "sha256": row.sha256, "size": row.size,
                   "archive_ref": row.archive_ref, "retention": row.retention}
        return payload, []

    record(case, f"record:{parsed.kind}", actor, make)
    return made[0]


def _check_actor(case: Case, actor: Actor) -> None:
    if actor.kind != "staff" or not actor.has_any(RECORDERS) or actor.agency_id != case.agency_id:
        raise Forbidden(local("只有办案机关的承办人或负责人可以登记执法记录"))
    if case.procedure != "penalty":
        raise InvalidData(local("只有行政处罚案件可以登记执法全过程记录"))


def _aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _check_times(d: RecordData, today: date) -> None:
    d.started_at, d.stopped_at = _aware(d.started_at), _aware(d.stopped_at)
    if d.stopped_at <= d.started_at:
        raise InvalidData(local("结束时间应晚于开始时间"), field="stopped_at")
    if timezone.localtime(d.stopped_at).date() > today:
        raise InvalidData(local("结束时间不能晚于今天"), field="stopped_at")


def _officers(case: Case, ids: list[int]) -> list[Officer]:
    found = list(Officer.objects.filter(pk__in=ids, agency_id=case.agency_id).order_by("pk"))
    if len(found) != len(set(ids)):
        raise InvalidData(local("执法人员须为本机关执法人员名录中的人员"), field="officer_ids")
    return found


def _store(d: RecordData, upload: Any) -> dict:
    name, content = upload if isinstance(upload, tuple) else (upload.name, upload.read())
    name = Path(name).name[:200]
    if d.kind == m.WRITTEN:
        ext = check_upload(name, content)
        kind = {"pdf": "application/pdf", "txt": "text/plain"}.get(ext, "application/octet-stream")
    else:
        kind = _check_av(name, content)
    digest, rel = write_content_addressed(content, "records")
    return {"filename": name, "content_type": kind, "size": len(content), "sha256": digest,
            "path": rel}


def _check_av(name: str, content: bytes) -> str:
    ext = Path(name).suffix.lower().lstrip(".")
    if ext not in AV_TYPES:
        raise InvalidData(local("音像记录文件应为{allowed}格式").format(
            allowed="、".join(AV_TYPES)), field="file")
    if not content:
        raise InvalidData(local("文件“{}”为空").format(name), field="file")
    if len(content) > max_bytes():
        raise InvalidData(local("文件超过{mb} MB，请存入本机关音像档案系统后登记其哈希值").format(
            mb=max_bytes() // (1024 * 1024)), field="file")
    head = content[:12]
    ok = {"mp4": head[4:8] == b"ftyp", "mov": head[4:8] in (b"ftyp", b"moov", b"wide", b"mdat"),
          "m4a": head[4:8] == b"ftyp", "wav": head[:4] == b"RIFF" and head[8:12] == b"WAVE",
          "mp3": head[:3] == b"ID3" or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")}[ext]
    if not ok:
        raise InvalidData(local("文件“{name}”的内容与扩展名“{ext}”不符").format(name=name, ext=ext),
                          field="file")
    return AV_TYPES[ext]


def _registered(d: RecordData) -> dict:
    """Footage kept in the agency's archive: its hash, size and place, no upload."""
    if d.kind == m.WRITTEN:
        raise InvalidData(local("文字记录须上传文件"), field="file")
    digest = d.sha256.strip().lower()
    if not HEX64.match(digest):
        raise InvalidData(local("未上传文件的，须填写64位十六进制的SHA-256值"), field="sha256")
    if not d.size or not d.archive_ref.strip() or not d.filename.strip():
        raise InvalidData(local("未上传文件的，须填写文件名、文件大小和音像档案存放位置"),
                          field="archive_ref")
    return {"filename": Path(d.filename.strip()).name[:200], "content_type": "", "size": d.size,
            "sha256": digest, "path": ""}


# -- reading ---------------------------------------------------------------------------------
def complete(case: Case) -> bool:
    """Every step on the agency's list that the case took has its audio/video record."""
    return not incomplete_steps(case)


def incomplete_steps(case: Case) -> list[str]:
    from fazhi.core.models import Event

    steps = set(required_steps(case.agency_id, timezone.localdate()))
    used = set(m.ProcessRecord.objects.filter(case=case, kind__in=m.AV_KINDS)
               .exclude(used_seq=None).values_list("used_seq", flat=True))
    gaps = []
    for seq, action, payload in (Event.objects.filter(kind="case", owner_id=case.pk,
                                                      action__in=STEP_ACTIONS)
                                 .values_list("seq", "action", "payload")):
        code = _code_of(action, payload)
        if code in steps and seq not in used:
            gaps.append(code)
    return gaps


STEP_ACTIONS = ("record_investigation", "preserve", "decide_preserved")


def complete_ids(cases: dict[int, int], on: date) -> set[int]:
    """Of `cases` ({case id: agency id}), those where every step on their agency's list has
    its audio/video record: three queries in all (the annual report's indicator)."""
    from fazhi.core.models import Event

    lists: dict[int, tuple[str, ...]] = {}
    used = set(m.ProcessRecord.objects.filter(case_id__in=list(cases), kind__in=m.AV_KINDS)
               .exclude(used_seq=None).values_list("case_id", "used_seq"))
    gaps: set[int] = set()
    for owner, seq, action, payload in (Event.objects.filter(
            kind="case", owner_id__in=list(cases), action__in=STEP_ACTIONS)
            .values_list("owner_id", "seq", "action", "payload")):
        agency = cases[owner]
        if agency not in lists:
            lists[agency] = required_steps(agency, on)
        if _code_of(action, payload) in lists[agency] and (owner, seq) not in used:
            gaps.add(owner)
    return set(cases) - gaps


def _code_of(action: str, payload: str) -> str:
    import json
    from types import SimpleNamespace

    try:
        data = SimpleNamespace(**json.loads(payload or "{}"))
    except (TypeError, ValueError):
        data = SimpleNamespace()
    return step_of(action, data)


def problems(case: Case, *, hashes: bool = True) -> list[str]:
    """Each record checked against the chain: its row against the event that registered it,
    and a stored file against its hash (a file replaced or a row edited afterwards shows).
    `hashes` False: the file's size only (the case page: footage is hundreds of MB)."""
    import json

    from fazhi.core.models import Event

    logged = {e.seq: json.loads(e.payload or "{}") for e in Event.objects.filter(
        kind="case", owner_id=case.pk, action__startswith="record:")}
    found = []
    for row in m.ProcessRecord.objects.filter(case=case):
        entry = logged.get(row.event_seq, {})
        if entry.get("record") != row.pk or entry.get("sha256") != row.sha256 \
                or entry.get("size") != row.size or entry.get("kind") != row.kind:
            found.append(local("记录{n}与案件历史第{seq}项不符").format(n=row.pk, seq=row.event_seq))
            continue
        if row.path:
            target = Path(settings.MEDIA_ROOT) / row.path
            if not target.is_file():
                found.append(local("记录{n}的文件缺失").format(n=row.pk))
            elif target.stat().st_size != row.size or (hashes and _digest(target) != row.sha256):
                found.append(local("记录{n}的文件已被改动（SHA-256不符）").format(n=row.pk))
    return found


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

"""Attachment storage: type and size checked, content-addressed outside the database."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404

from fazhi.core.errors import InvalidData
from fazhi.core.i18n import local

# Leading bytes by extension; docx/xlsx/ofd are zip containers.
_MAGIC = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "ofd": (b"PK\x03\x04",),
}
_CONTENT_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ofd": "application/ofd", "txt": "text/plain",
}


@dataclass(frozen=True)
class StoredFile:
    kind: str
    filename: str
    content_type: str
    size: int
    sha256: str
    path: str


def check_upload(name: str, content: bytes) -> str:
    """Return the file's extension if its size, extension and leading bytes agree."""
    limit = settings.FAZHI_UPLOAD_MAX_BYTES
    if len(content) > limit:
        raise InvalidData(local("文件“{name}”超过大小上限（{mb} MB）").format(
            name=name, mb=limit // (1024 * 1024)), field="file")
    if not content:
        raise InvalidData(local("文件“{}”为空").format(name), field="file")
    ext = Path(name).suffix.lower().lstrip(".")
    allowed = settings.FAZHI_UPLOAD_TYPES
    if ext not in allowed:
        raise InvalidData(local("不支持的文件类型“{ext}”，允许：{allowed}").format(
            ext=ext or local("无扩展名"), allowed=local("、").join(allowed)), field="file")
    if ext == "txt":
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidData(local("文件“{}”不是 UTF-8 文本").format(name), field="file") from None
    elif not content.startswith(_MAGIC.get(ext, (b"",))):
        raise InvalidData(local("文件“{name}”的内容与扩展名“{ext}”不符").format(name=name, ext=ext),
                          field="file")
    return ext


def write_content_addressed(content: bytes, folder: str) -> tuple[str, str]:
    """Write `content` once under MEDIA_ROOT/<folder>/<sha256[:2]>/<sha256> (a second upload of
    the same bytes writes nothing; a partial write never shows under the final name);
    returns (sha256, path relative to MEDIA_ROOT)."""
    digest = hashlib.sha256(content).hexdigest()
    rel = f"{folder}/{digest[:2]}/{digest}"
    target = Path(settings.MEDIA_ROOT) / rel
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".part")
        tmp.write_bytes(content)
        tmp.replace(target)
    return digest, rel


def store_attachment(uploaded, kind: str) -> StoredFile:
    """`uploaded` is a Django UploadedFile or a (name, bytes) pair."""
    if isinstance(uploaded, tuple):
        name, content = uploaded
    else:
        name, content = uploaded.name, uploaded.read()
    name = Path(name).name[:200]
    ext = check_upload(name, content)
    digest, rel = write_content_addressed(content, "attachments")
    return StoredFile(kind=kind, filename=name, content_type=_CONTENT_TYPES.get(ext, "application/octet-stream"),
                      size=len(content), sha256=digest, path=rel)


def stored_file_response(path: str, filename: str, content_type: str, *,
                         missing: str = "文件缺失") -> FileResponse:
    """A stored file (`StoredFile.path`, under MEDIA_ROOT) as a download named `filename`;
    404 with `missing` when the file is not on disk. Never kept by a shared cache: whoever
    may read it was checked by the caller, not by the URL."""
    found = Path(settings.MEDIA_ROOT) / path
    if not found.is_file():
        raise Http404(missing)
    response = FileResponse(found.open("rb"), as_attachment=True, filename=filename,
                            content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response

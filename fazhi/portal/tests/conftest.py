"""Portal test helpers: a valid application post (the root conftest empties the cache per test)."""

from django.core.files.uploadedfile import SimpleUploadedFile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def proof(name: str = "id.png", content: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def application_post(for_agency, **overrides) -> dict:
    data = {
        "applicant_type": "natural", "applicant_name": "张三",
        "id_number": "350203199001011234", "phone": "13912345678",
        "email": "zhangsan@example.com", "address": "厦门市思明区湖滨北路1号",
        "agency": str(for_agency.pk), "description": "2025年本市行政复议案件办理情况统计数据",
        "doc_number": "", "form": "electronic", "delivery": "email",
        "identity_proof": proof(),
    }
    return {k: v for k, v in (data | overrides).items() if v is not None}

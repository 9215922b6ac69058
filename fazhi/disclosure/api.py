"""The disclosure routes of both APIs, mounted by the API shell (fazhi.api) from
`DisclosureConfig.declare()`: staff registration of a request at /api/v1/, and applying at
/api/public/v1/. The shell's /track shows this procedure's cases with `party_fields`.

Operation ids are the ones these routes had before they moved here, so generated clients
keep their method names.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from fazhi.cases import procedure as registry
from fazhi.cases import serializers
from fazhi.cases.models import Case
from fazhi.cases.receipts import send_receipt_code
from fazhi.core import throttle
from fazhi.core.api_schemas import CaseDetail, ErrorOut
from fazhi.core.errors import Forbidden, InvalidData
from fazhi.core.throttle import ScopeThrottle
from fazhi.disclosure.answers import ANSWERS
from fazhi.disclosure.effects import remedy_notice
from fazhi.disclosure.procedure import Application, Intake
from fazhi.disclosure.services import submit_request
from fazhi.law.redaction import PUBLIC, redact
from fazhi.org.actors import Actor
from fazhi.org.models import Agency

private = Router(tags=["disclosure"])
public = Router(tags=["disclosure"])

WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
PUBLIC_ERRORS = {404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


# -- schemas ----------------------------------------------------------------------------------

class StaffApplication(Intake):
    """条例第二十九条的申请内容，加上与申请渠道对应的日期：当面提交的提交日期、邮寄需签收的
    签收日期、平常信函、传真或互联网渠道的确认日期，即收到申请之日（条例第三十一条）。"""


class RegisteredOut(CaseDetail):
    receipt_sent_to: list[str] = Field(description="查询码已发送至（已隐去部分号码）；工作人员不可查看查询码")


class PublicApplication(Application):
    """条例第二十九条的申请内容，加上受理机关代码；身份证明作为 identity_proof 文件上传。"""

    agency: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$", title="受理机关代码")
    channel: Literal["online"] = Field(default="online", title="申请渠道",
                                       description="经本接口提交的均为互联网渠道")


class ReceiptOut(Schema):
    receipt_code: str = Field(description="查询码，凭此查询办理进度")
    number: str
    agency_name: str
    received_on: date
    due_on: date | None
    due_explanation: str


# -- staff --------------------------------------------------------------------------------------

@private.post("/disclosure/requests", response={201: RegisteredOut} | WRITE_ERRORS,
              operation_id="fazhi_api_private_register_request",
              summary="登记政府信息公开申请（信函、当面、传真等渠道）；查询码以短信发给申请人")
def register_request(request: HttpRequest, payload: StaffApplication) -> Status[dict]:
    actor = request.auth  # the API's auth classes return the staff Actor
    agency = Agency.objects.filter(pk=actor.agency_id).first()
    if agency is None:
        raise Forbidden("当前账号没有所属机关")
    try:  # the engine would raise a KeyError (a 500) for a date before the procedure
        registry.current("disclosure", payload.received_on)
    except KeyError:
        raise InvalidData(f"收到日期（{payload.received_on}）时《政府信息公开条例》（2019年修订）"
                          "尚未施行，不能按本程序登记", field="received_on") from None
    data = payload.model_dump(exclude={"received_on"})
    with transaction.atomic():
        case = submit_request(agency, actor, data, received_on=payload.received_on)
        sent = send_receipt_code(case, phone=payload.phone, email=payload.email)
    case = Case.objects.select_related("agency").get(pk=case.pk)
    return Status(201, serializers.case_detail(case, actor, timezone.localdate()) | {
        "receipt_sent_to": sent})


# -- public -------------------------------------------------------------------------------------

@public.post("/disclosure/requests", response={201: ReceiptOut} | PUBLIC_ERRORS,
             throttle=[ScopeThrottle(throttle.SUBMIT)], operation_id="fazhi_api_public_apply",
             summary="提交政府信息公开申请（multipart 表单，附身份证明文件）")
def apply(request: HttpRequest, data: Form[PublicApplication],
          identity_proof: File[UploadedFile]) -> Status[dict[str, Any]]:
    agency = Agency.objects.filter(code=data.agency).first()
    if agency is None:
        raise InvalidData("受理机关代码不存在，请先查询 /agencies", field="agency")
    application = data.model_dump(exclude={"agency"})
    case = submit_request(agency, Actor.public(), application, identity_proof=identity_proof)
    clock = serializers.running_clock(case)
    return Status(201, {"receipt_code": case.receipt_code, "number": case.number,
                        "agency_name": agency.name, "received_on": case.received_on,
                        "due_on": case.due_on,
                        "due_explanation": clock.explanation if clock else ""})


def party_fields(case: Case) -> dict[str, Any]:
    """The applicant's view in the public /track answer: the notice to correct and the
    reply, personal data redacted (whoever holds the code reads this)."""
    detail = getattr(case, "disclosure", None)
    if detail is None:
        return {}
    names = [detail.applicant_name, detail.legal_rep, detail.contact_name]
    return {"correction": _correction(detail, names), "reply": _reply(detail, names)}


def _reply(detail, names: list[str]) -> dict[str, Any] | None:
    if not detail.answer_type:
        return None
    answer = ANSWERS.get(detail.answer_type)
    return {"answer": answer.label if answer else detail.answer_type,
            "article": answer.article if answer else "",
            "text": redact(detail.reply_text, PUBLIC, names),
            "replied_on": detail.replied_on, "served_on": detail.served_on,
            "remedy": remedy_notice(bool(answer and answer.refusal))}


def _correction(detail, names: list[str]) -> dict[str, Any] | None:
    if not detail.correction_requested_on:
        return None
    return {"defects": redact(detail.correction_defects, PUBLIC, names),
            "due": detail.correction_due}

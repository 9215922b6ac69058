"""Moving the directories and credit records out of inspections keeps every row (ADR 0017):
rows written before the move, with the models as inspections had them, are read after it
through the subjects models, with their keys, links and the inspection ↔ credit link."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def _leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _state_before_move():
    """Unapply the subjects app (and what depends on it): the models as they were."""
    executor = _migrate([("subjects", None)])
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def _before_move_rows(apps) -> dict:
    """One of everything the move touches, written through the historical models."""
    region = apps.get_model("org", "Region").objects.create(code="350200", name="厦门市",
                                                            level="city")
    agency = apps.get_model("org", "Agency").objects.create(
        code="XMSJJ", name="厦门市市场监督管理局", short_name="市市场监管局", region=region)
    entity = apps.get_model("inspections", "MarketEntity").objects.create(
        uscc="91350203MA0000001X", name="厦门鹭岛贸易有限公司", entity_type="有限责任公司",
        district=region, base_class="A", credit_class="B")
    officer = apps.get_model("inspections", "Inspector").objects.create(
        code="M1", name="检查员M1", agency=agency, cert_no="CERT-M1",
        cert_valid_until=date(2027, 1, 1), capacity=7)
    plan = apps.get_model("inspections", "Plan").objects.create(
        title="计划", lead_agency=agency, plan_date=date(2025, 6, 10), strata=[], sources=[])
    target = apps.get_model("inspections", "Target").objects.create(
        plan=plan, entity=entity, uscc=entity.uscc, stratum="A", rank=1, order=1, key="00",
        status="assigned")
    apps.get_model("inspections", "TeamMember").objects.create(target=target, inspector=officer,
                                                               via="draw")
    apps.get_model("inspections", "Conflict").objects.create(inspector=officer, uscc=entity.uscc,
                                                             reason="亲属")
    record = apps.get_model("inspections", "InspectionRecord").objects.create(
        target=target, findings="责令整改", result="rectify", completed_on=date(2025, 6, 10),
        entered_by="检查员M1", publish_due=date(2025, 7, 8), publish_due_explanation="20个工作日")
    credit_model = apps.get_model("inspections", "CreditRecord")
    linked = credit_model.objects.create(
        entity=entity, category="inspection", source_agency=agency, legal_basis="国发〔2019〕5号",
        act_date=date(2025, 6, 10), severity="minor", summary="双随机抽查结果",
        min_publish_until=date(2025, 6, 10), max_publish_until=date(2025, 9, 10),
        inspection=record)
    alone = credit_model.objects.create(
        entity=entity, category="penalty", source_agency=agency, legal_basis="《反不正当竞争法》",
        act_date=date(2025, 8, 20), decision_no="厦市监罚〔2025〕1号", severity="general",
        summary="罚款", min_publish_until=date(2025, 11, 20), max_publish_until=date(2026, 8, 20))
    apps.get_model("inspections", "CreditRepair").objects.create(
        record=linked, applied_on=date(2025, 7, 1), decided_on=date(2025, 7, 2), approved=False,
        reason="未整改", decided_by="周计划")
    apps.get_model("inspections", "SeriousListEntry").objects.create(
        entity=entity, agency=agency, legal_basis="SAMR Order 44", listed_on=date(2025, 9, 1),
        term_until=date(2028, 9, 1), early_removal_from=date(2026, 9, 1))
    return {"entity": entity.pk, "officer": officer.pk, "record": record.pk,
            "linked": linked.pk, "alone": alone.pk}


@pytest.mark.slow  # started first (conftest.py)
def test_rows_survive_the_move_with_their_keys_and_links():
    try:
        ids = _before_move_rows(_state_before_move())
    finally:
        _migrate(_leaves())

    from fazhi.inspections.models import Conflict, InspectionRecord, TeamMember
    from fazhi.subjects.models import CreditRecord, CreditRepair, MarketEntity, Officer

    assert MarketEntity._meta.db_table == "subjects_marketentity"
    entity = MarketEntity.objects.get(pk=ids["entity"])
    assert (entity.uscc, entity.credit_class, entity.district.code) == (
        "91350203MA0000001X", "B", "350200")
    officer = Officer.objects.get(pk=ids["officer"])
    assert (officer.cert_no, officer.capacity, officer.agency.code) == ("CERT-M1", 7, "XMSJJ")
    assert TeamMember.objects.get().inspector == officer
    assert Conflict.objects.get().inspector == officer
    record = InspectionRecord.objects.get(pk=ids["record"])
    assert record.target.entity == entity
    assert record.credit_record_id == ids["linked"]
    assert CreditRecord.objects.get(pk=ids["linked"]).inspection == record
    alone = CreditRecord.objects.get(pk=ids["alone"])
    assert alone.decision_no == "厦市监罚〔2025〕1号"
    assert not InspectionRecord.objects.filter(credit_record=alone).exists()
    assert CreditRepair.objects.get().record_id == ids["linked"]
    assert entity.serious_entries.get().term_until == date(2028, 9, 1)
    # New rows continue the moved tables' keys.
    assert MarketEntity.objects.create(uscc="91350203MA0000002Y", name="新", entity_type="x",
                                       base_class="A", credit_class="A").pk > ids["entity"]

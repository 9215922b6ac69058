"""The demo city's normative documents: every state of the procedure, numbered by the
configured rules, reviewed (some rounds returned), filed and filing-reviewed, a cleanup
applied, and the library search answers 营商环境."""


from fazhi.normative import models as m
from fazhi.org.tests.test_demo import TODAY


def test_demo_documents_in_every_state_and_searchable(demo_city, client):
    out, err = demo_city
    assert err == ""
    docs = m.NormativeDocument.objects.all()
    assert set(docs.values_list("status", flat=True)) == set(m.STATUS_LABELS)
    # 国办发〔2018〕37号: unified numbering, configured for every agency that may draft, so
    # a new user numbers a document without an administrator step
    from fazhi.org import demo_city
    from fazhi.org.models import Agency

    # the city's administrative agencies, not the rule-of-law office, the notary office, nor the
    # bodies other modules add (procuratorate, custody centre, street offices)
    drafting = Agency.objects.filter(code__in=[spec.code for spec in demo_city.ALL_AGENCIES]) \
        .exclude(code__in=("XMYFZSB", "XMLJGZC"))
    assert set(drafting.values_list("pk", flat=True)) == set(
        m.IssuerSeries.objects.values_list("issuer_id", flat=True))
    numbered = docs.exclude(doc_no="")
    assert numbered.exists()
    for doc in numbered.select_related("issuer__normative_series"):
        assert doc.doc_no.startswith(doc.issuer.normative_series.doc_no_prefix + "〔")
    # 国办发〔2018〕115号 二(六): a returned round, resubmitted and passed
    returned = m.LegalityReview.objects.filter(outcome=m.FAIL).values_list("document", flat=True)
    assert m.LegalityReview.objects.filter(document__in=returned, round=2,
                                           outcome__in=(m.PASS, m.PASS_WITH_CHANGES)).exists()
    assert m.Filing.objects.filter(status="conforming").exists()
    campaign = m.CleanupCampaign.objects.get()
    assert campaign.published_on and campaign.applied_on <= TODAY
    assert campaign.items.filter(applied=True).exists()
    assert not docs.filter(published_at__gt=TODAY).exists()

    page = client.get("/library/", {"q": "营商环境"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "检索“营商环境”" in text and "没有符合条件的文件" not in text and "共0件" not in text
    assert docs.filter(title__contains="营商环境", status__in=m.PUBLIC_STATUSES).exists()

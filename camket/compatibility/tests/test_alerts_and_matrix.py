"""Change alerts on re-import, and the compatibility matrix of a commitment."""

import json

from django.core.management import call_command
from django.urls import reverse

from camket.agencies.models import Agency
from camket.compatibility.matrix import commitment_matrix
from camket.compatibility.models import LegalDocument, Notification, ProvisionLink
from camket.compatibility.tests.conftest import PHAPDIEN, art, make_obligation


def confirmed(obligation, provision, verdict="compatible"):
    return ProvisionLink.objects.create(
        obligation=obligation,
        legal_provision=provision,
        method="person",
        status="confirmed",
        relation="equal" if provision else "",
        verdict=verdict,
        rationale="Đã đối chiếu.",
    )


def reimport_with(tmp_path, edit):
    folder = tmp_path / "phapdien-2026"
    folder.mkdir()
    rows = [json.loads(x) for x in (PHAPDIEN / "subset_treaty_trade_labour.jsonl").open("rb")]
    docs = [json.loads(x) for x in (PHAPDIEN / "documents.jsonl").open("rb")]
    edit(rows, docs)
    for name, items in (("subset_treaty_trade_labour.jsonl", rows), ("documents.jsonl", docs)):
        (folder / name).write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in items), encoding="utf-8"
        )
    from io import StringIO

    out = StringIO()
    call_command("import_phapdien", path=folder, subset=True, workers=1, stdout=out, verbosity=0)
    return out.getvalue()


def test_amended_law_flags_links_and_notifies_the_lead_agency(
    corpus,
    association,
    officer_bct,
    leader_bct,
    officer_btc,
    tmp_path,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    officer_bct.email, leader_bct.email, officer_btc.email = (
        "a@bct.gov.vn",
        "b@bct.gov.vn",
        "c@mof.gov.vn",
    )
    for user in (officer_bct, leader_bct, officer_btc):
        user.save()
    link = confirmed(association, art("170"))
    untouched = confirmed(
        make_obligation(association.commitment, "Thương mại"), art("6", "36/2005/QH11")
    )

    def amend_labour_code(rows, docs):
        rows[1]["text"] += " (đã được sửa đổi)"
        docs[1]["amended_by"] = ["Luật số 99/2025/QH15"]

    with django_capture_on_commit_callbacks(execute=True):
        out = reimport_with(tmp_path, amend_labour_code)
    assert "updated 1" in out and "unchanged 2" in out
    link.refresh_from_db()
    untouched.refresh_from_db()
    assert link.status == "needs_review" and "45/2019/QH14" in link.review_reason
    assert untouched.status == "confirmed"
    assert LegalDocument.objects.get(code="45/2019/QH14").status == "amended"
    notice = Notification.objects.get()
    assert notice.agency == Agency.objects.get(code="bct")
    assert "45/2019/QH14" in notice.text and notice.link == reverse("compatibility:review-list")
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == ["a@bct.gov.vn", "b@bct.gov.vn"]
    assert "45/2019/QH14" in mailoutbox[0].body


def test_removed_article_keeps_its_assessment_and_flags_it(
    corpus, association, tmp_path, django_capture_on_commit_callbacks
):
    link = confirmed(association, art("170"))

    def drop_article(rows, docs):
        del rows[1]

    with django_capture_on_commit_callbacks(execute=True):
        reimport_with(tmp_path, drop_article)
    link.refresh_from_db()
    assert link.status == "needs_review" and link.legal_provision.withdrawn


def test_flagged_link_is_cleared_when_confirmed_again(client, officer_bct, corpus, association):
    link = confirmed(association, art("170"))
    link.status = "needs_review"
    link.save()
    client.force_login(officer_bct)
    review = client.get(reverse("compatibility:review-list")).content.decode()
    assert association.text[:40] in review
    client.post(
        reverse("compatibility:obligation-confirm", args=[association.pk]),
        {
            "legal_provision": link.legal_provision.code,
            "relation": "equal",
            "verdict": "compatible",
            "rationale": "Đã xem lại văn bản sửa đổi.",
        },
    )
    link.refresh_from_db()
    assert link.status == "confirmed" and link.review_reason == ""


def test_matrix_counts_verdicts_and_coverage(client, officer_bct, corpus, evfta):
    o1 = make_obligation(evfta, "Tự do hiệp hội")
    o2 = make_obligation(evfta, "Xóa bỏ lao động cưỡng bức")
    o3 = make_obligation(evfta, "Không phân biệt đối xử")
    o4 = make_obligation(evfta, "Lao động trẻ em")
    confirmed(o1, art("170"), "partly")
    confirmed(o1, art("8"), "compatible")
    confirmed(o2, None, "gap")
    flagged = confirmed(o3, art("8"))
    flagged.status = "needs_review"
    flagged.save()
    ProvisionLink.objects.create(
        obligation=o4, legal_provision=art("8"), method="engine", score=3.2
    )

    matrix = commitment_matrix(evfta)
    assert (matrix.covered, len(matrix.rows), matrix.coverage) == (2, 4, 0.5)
    assert matrix.rows[0].counts == {"partly": 1, "compatible": 1}
    assert matrix.totals == {"partly": 1, "compatible": 1, "gap": 1}
    assert (matrix.rows[2].needs_review, matrix.rows[3].proposed) == (1, 1)

    client.force_login(officer_bct)
    page = client.get(reverse("compatibility:commitment-matrix", args=[evfta.code]))
    assert '<span class="coverage-percent">50%</span>' in page.content.decode()


def test_empty_commitment_has_zero_coverage(evfta):
    assert commitment_matrix(evfta).coverage == 0.0

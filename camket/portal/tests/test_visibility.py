"""The public-visibility predicate: what of the register an anonymous visitor may read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from camket.compatibility.models import LegalDocument, LegalProvision, ProvisionLink
from camket.conftest import make_commitment
from camket.obligations.actions import ObligationData, create_obligation
from camket.obligations.models import Obligation
from camket.portal import visibility
from camket.registry.actions import add_document, relate_commitments
from camket.registry.models import Commitment, Document, Provision
from lawcore import lifecycle

Conf = Commitment.Confidentiality


def codes(rows) -> set[str]:
    return {c.code for c in rows}


@pytest.fixture
def world(db):
    """A public FTA beside every kind of record the public may not read."""
    return {
        "public": make_commitment(),
        "internal": make_commitment(
            "vn/treaty/2020/noi-bo", short_name="NB", confidentiality=Conf.INTERNAL
        ),
        "restricted": make_commitment(
            "vn/treaty/2021/mat", short_name="MAT", confidentiality=Conf.RESTRICTED
        ),
        "draft": make_commitment("vn/treaty/2026/du-thao", short_name="DT", events=()),
        "negotiating": make_commitment(
            "vn/treaty/2026/dam-phan",
            short_name="DP",
            events=(("negotiation_start", "2025-09-01"),),
        ),
        "initialled": make_commitment(
            "vn/treaty/2026/ky-tat",
            short_name="KT",
            events=(("initialling", "2025-10-01"),),
        ),
        "statement": make_commitment(
            "vn/leaders_statement/2023/tuyen-bo",
            kind=Commitment.Kind.LEADERS_STATEMENT,
            short_name="TB",
            events=(("adoption", "2023-09-10"),),
        ),
    }


def test_only_public_signed_commitments_of_viet_nam_are_public(world):
    reference = make_commitment("ref/treaty/2019/khac", short_name="REF")
    Commitment.objects.filter(pk=reference.pk).update(is_reference=True)
    public = visibility.public_commitments()
    assert codes(public) == {world["public"].code, world["statement"].code}
    for key in ("internal", "restricted", "draft", "negotiating", "initialled"):
        assert world[key].status in lifecycle.STATUSES
        assert not visibility.is_public(world[key]), key
        with pytest.raises(Http404):
            visibility.public_commitment(world[key].code)
    with pytest.raises(Http404):
        visibility.public_commitment(reference.code)
    assert visibility.public_commitment(world["public"].code) == world["public"]


def test_every_status_is_placed_public_or_private_and_pre_signature_ones_are_private():
    """An allow-list: a status lifecycle adds later is private and fails here until placed."""
    statuses = set(lifecycle.STATUSES)
    assert not visibility.PUBLIC_STATUSES & visibility.PRIVATE_STATUSES
    assert statuses <= visibility.PUBLIC_STATUSES | visibility.PRIVATE_STATUSES
    before_signature = {
        lifecycle.DRAFT,
        lifecycle.PROPOSED,
        lifecycle.NEGOTIATING,
        lifecycle.INITIALLED,
    }
    assert before_signature <= visibility.PRIVATE_STATUSES
    concluded = getattr(lifecycle, "CONCLUDED_STATUSES", None)
    if concluded is not None:  # lifecycle's own "signed or later" agrees
        assert statuses & visibility.PUBLIC_STATUSES == set(concluded)


def test_relation_to_a_restricted_commitment_is_dropped_whole(world):
    public, restricted, statement = world["public"], world["restricted"], world["statement"]
    relate_commitments(public.code, restricted.code, "implements")
    relate_commitments(restricted.code, public.code, "amends")
    relate_commitments(statement.code, public.code, "derived_from")
    rows = visibility.public_relations(public)
    assert [(r.other.code, r.outgoing) for r in rows] == [(statement.code, False)]


def test_internal_steps_and_notes_of_events_are_not_public(db):
    c = make_commitment(events=(("proposal", "2014-01-02"), ("signature", "2015-05-05")))
    c.events.update(note="Ghi chú nội bộ của chuyên viên")
    events = list(visibility.public_events(c))
    assert [e.kind for e in events] == ["signature"]
    assert "note" in events[0].get_deferred_fields()


def test_only_official_texts_and_current_provisions_are_public(world, coordinator):
    c = world["public"]
    add_document(
        c,
        Document(commitment=c, title="Bản chính thức", language="vi", is_official=True),
        acting_user=coordinator,
    )
    add_document(
        c,
        Document(commitment=c, title="Bản dịch làm việc", language="en", is_official=False),
        acting_user=coordinator,
    )
    assert [d.title for d in visibility.public_documents(c)] == ["Bản chính thức"]
    Provision.objects.bulk_create(
        [
            Provision(commitment=c, level="article", number="1", order=1),
            Provision(commitment=c, level="article", number="2", order=2, withdrawn=True),
        ]
    )
    assert [p.number for p in visibility.public_provisions(c)] == ["1"]


def test_only_obligations_that_concern_businesses_are_public(world):
    c = world["public"]

    def obligation(text, groups):
        return create_obligation(
            ObligationData(
                commitment=c.pk,
                text=text,
                modality=Obligation.Modality.SHALL,
                affected_groups=groups,
            ),
            acting_user=None,
        )

    obligation("Xóa bỏ thuế nhập khẩu đối với thủy sản", ["exporters"])
    obligation("Cấp giấy chứng nhận xuất xứ", ["Doanh nghiệp nhỏ và vừa"])
    obligation("Trao đổi thông tin giữa hai Chính phủ", [])
    obligation("Bảo đảm quyền của người lao động", ["workers"])
    texts = [o.text for o in visibility.business_obligations(c)]
    assert texts == ["Xóa bỏ thuế nhập khẩu đối với thủy sản", "Cấp giấy chứng nhận xuất xứ"]


def test_implementing_laws_are_confirmed_compatible_assessments_only(world):
    c = world["public"]
    obligation = create_obligation(
        ObligationData(commitment=c.pk, text="Giảm thuế", modality=Obligation.Modality.SHALL),
        acting_user=None,
    )

    def law(code):
        doc = LegalDocument.objects.create(
            code=code, doc_type="law", title=f"Luật {code}", source="text", checksum="0" * 64
        )
        return LegalProvision.objects.create(
            document=doc, code=f"{code}:d1", level="article", number="1", text="Quy định"
        )

    def link(article, status, verdict):
        ProvisionLink.objects.create(
            obligation=obligation,
            legal_provision=article,
            method="person",
            status=status,
            verdict=verdict,
            assessed_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        )

    S, V = ProvisionLink.Status, ProvisionLink.Verdict
    link(law("107/2016/QH13"), S.CONFIRMED, V.COMPATIBLE)
    link(law("05/2017/QH14"), S.CONFIRMED, V.CONFLICTING)
    link(law("54/2014/QH13"), S.PROPOSED, V.COMPATIBLE)
    assert [d.code for d in visibility.implementing_laws(c)] == ["107/2016/QH13"]


def test_describing_a_private_commitment_is_refused(world):
    for describe in (
        visibility.public_events,
        visibility.public_documents,
        visibility.public_provisions,
        visibility.business_obligations,
        visibility.public_relations,
        visibility.implementing_laws,
        visibility.public_partners,
        visibility.public_sectors,
    ):
        with pytest.raises(Http404):
            describe(world["restricted"])


def test_browse_lists_count_public_commitments_only(world):
    make_commitment(
        "vn/agreement/2024/hanoi-x",
        kind=Commitment.Kind.INTERNATIONAL_AGREEMENT,
        short_name="HN",
        lead="hanoi",
        partners=("LAO",),
        confidentiality=Conf.RESTRICTED,
    )
    partners = {p.code: p.public_count for p in visibility.public_partners()}
    assert partners == {"KOR": 2}
    assert not visibility.public_provinces().exists()
    make_commitment("vn/agreement/2024/hanoi-y", short_name="HNY", lead="hanoi")
    assert [a.code for a in visibility.public_provinces()] == ["hanoi"]
    found = visibility.involving_province(visibility.public_commitments(), "hanoi")
    assert codes(found) == {"vn/agreement/2024/hanoi-y"}

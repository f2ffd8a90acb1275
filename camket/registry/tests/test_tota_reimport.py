"""Re-importing a changed ToTA file keeps provisions and the work that hangs on them."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from camket.audit.models import AuditEvent
from camket.compatibility.actions import confirm_link
from camket.compatibility.models import Notification, ProvisionLink
from camket.obligations.actions import save_obligation
from camket.obligations.models import Obligation
from camket.registry.models import Commitment, Provision, SearchEntry
from lawcore.provision_paths import PathNode, path_keys
from lawcore.shared_data import shared_data_path, skip_reason

DATA = Path(__file__).parent / "data"
ART_19_3 = "Each Party shall adopt and maintain in its statutes and regulations"
ART_19_4 = """      <article article_identifier="1902">Article 19.4: Non Derogation
The Parties recognise that it is inappropriate to encourage trade or investment by weakening or \
reducing the protections afforded in each Party's labour laws.</article>
"""
ART_19_5 = """      <article article_identifier="1903">Article 19.5: Labour Council
The Parties hereby establish a Labour Council composed of senior governmental representatives.\
</article>
"""


def run_import(path: Path) -> str:
    out = StringIO()
    call_command("import_tota", str(path), stdout=out, stderr=StringIO(), verbosity=0)
    return out.getvalue()


def edited_copy(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = (DATA / "tpp_excerpt.xml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "pta_9449_v2.xml"
    path.write_text(text, encoding="utf-8")
    return path


def assess(target, coordinator, verdict=ProvisionLink.Verdict.GAP) -> ProvisionLink:
    return confirm_link(
        target,
        {"legal_provision": None, "verdict": verdict, "rationale": "Chưa có quy định tương ứng."},
        acting_user=coordinator,
    )


@pytest.fixture
def tpp(db):
    run_import(DATA / "tpp_excerpt.xml")
    return Commitment.objects.get(tota_id="9449")


@pytest.fixture
def assessed(tpp, coordinator):
    """Article 19.3 with an obligation (itself assessed) and an assessment; 19.4 assessed."""
    art_19_3 = tpp.provisions.get(number="19.3")
    obligation = save_obligation(
        Obligation(
            commitment=tpp,
            provision=art_19_3,
            text="Bảo đảm quyền tự do hiệp hội trong pháp luật lao động.",
            modality=Obligation.Modality.SHALL,
        ),
        acting_user=coordinator,
    )
    return {
        "article": art_19_3,
        "obligation": obligation,
        "on_article": assess(art_19_3, coordinator),
        "on_obligation": assess(obligation, coordinator, ProvisionLink.Verdict.PARTLY),
        "on_removed": assess(tpp.provisions.get(number="19.4"), coordinator),
    }


def test_changed_text_keeps_provision_obligation_and_assessments_and_flags_them(
    tpp, assessed, tmp_path
):
    changed = edited_copy(
        tmp_path, (ART_19_3, "Each Party shall adopt, maintain and enforce in its statutes")
    )
    assert "updated 1" in run_import(changed)

    article = Provision.objects.get(pk=assessed["article"].pk)
    assert "1. Each Party shall adopt, maintain and enforce" in article.text
    assert Obligation.objects.get(pk=assessed["obligation"].pk).provision_id == article.pk
    for name in ("on_article", "on_obligation"):
        link = ProvisionLink.objects.get(pk=assessed[name].pk)
        assert link.status == ProvisionLink.Status.NEEDS_REVIEW
        assert "Điều 19.3" in link.review_reason
    untouched = ProvisionLink.objects.get(pk=assessed["on_removed"].pk)
    assert untouched.status == ProvisionLink.Status.CONFIRMED
    assert Notification.objects.filter(agency=tpp.lead_agency).count() == 1
    assert "shall adopt, maintain and enforce" in SearchEntry.objects.get(provision=article).body


def test_removed_provision_with_assessed_work_is_kept_withdrawn_and_flagged(
    tpp, assessed, tmp_path
):
    removed_id = assessed["on_removed"].provision_id
    plain_ids = set(tpp.provisions.exclude(pk=removed_id).values_list("pk", flat=True))
    changed = edited_copy(tmp_path, (ART_19_4, ART_19_5))
    run_import(changed)

    kept = Provision.objects.get(pk=removed_id)
    assert kept.withdrawn and kept.parent_id is None
    link = ProvisionLink.objects.get(pk=assessed["on_removed"].pk)
    assert link.status == ProvisionLink.Status.NEEDS_REVIEW
    assert "Điều 19.4" in link.review_reason
    assert not SearchEntry.objects.filter(provision=kept).exists()
    assert plain_ids <= set(tpp.provisions.values_list("pk", flat=True))
    added = tpp.provisions.get(number="19.5")
    assert (added.withdrawn, added.parent.heading) == (False, "Labour")
    assert ProvisionLink.objects.get(pk=assessed["on_article"].pk).status == "confirmed"


def test_reimport_audit_counts_changes_and_flags(tpp, assessed, tmp_path):
    changed = edited_copy(
        tmp_path,
        (ART_19_3, "Each Party shall adopt, maintain and enforce in its statutes"),
        (ART_19_4, ART_19_5),
    )
    run_import(changed)
    event = AuditEvent.objects.filter(action="commitment.tota_updated").get()
    assert event.after["provisions_changed"] == 1
    assert event.after["provisions_added"] == 1
    assert event.after["provisions_removed"] == 1
    assert event.after["provisions_kept_for_their_work"] == 1
    assert event.after["assessments_flagged_for_review"] == 3


def test_second_run_of_a_changed_file_changes_nothing(tpp, assessed, tmp_path):
    changed = edited_copy(tmp_path, (ART_19_4, ART_19_5))
    run_import(changed)
    state = sorted(tpp.provisions.values_list("pk", "order", "parent", "text", "withdrawn"))
    audits = AuditEvent.objects.count()
    assert "unchanged 1" in run_import(changed)
    assert sorted(tpp.provisions.values_list("pk", "order", "parent", "text", "withdrawn")) == (
        state
    )
    assert AuditEvent.objects.count() == audits


def test_removed_provision_without_work_is_deleted(tpp, tmp_path):
    count = tpp.provisions.count()
    run_import(edited_copy(tmp_path, (ART_19_4, "")))
    assert not tpp.provisions.filter(number="19.4").exists()
    assert tpp.provisions.count() == count - 1


def test_provision_that_comes_back_is_no_longer_withdrawn(tpp, assessed, tmp_path):
    removed_id = assessed["on_removed"].provision_id
    run_import(edited_copy(tmp_path, (ART_19_4, "")))
    assert Provision.objects.get(pk=removed_id).withdrawn
    run_import(DATA / "tpp_excerpt.xml")
    back = Provision.objects.get(pk=removed_id)
    assert not back.withdrawn and back.parent.heading == "Labour"


def test_source_that_renumbers_its_ids_still_matches_by_path(tpp, assessed, tmp_path):
    ids = dict(tpp.provisions.values_list("number", "pk"))
    renumbered = edited_copy(
        tmp_path,
        ('article_identifier="1901"', 'article_identifier="77901"'),
        ('article_identifier="1902"', 'article_identifier="77902"'),
    )
    run_import(renumbered)
    assert dict(tpp.provisions.values_list("number", "pk")) == ids
    assert ProvisionLink.objects.filter(status="needs_review").count() == 0


@pytest.mark.shared_data
def test_real_file_reimport_with_an_edit_keeps_assessed_articles(db, coordinator, tmp_path):
    path = shared_data_path("tota", "xml", "pta_401.xml")
    if path is None:
        pytest.skip(skip_reason("tota", "xml", "pta_401.xml"))
    run_import(path)
    commitment = Commitment.objects.get(tota_id="401")
    articles = list(commitment.provisions.filter(level="article").exclude(text="")[:2])
    links = [assess(article, coordinator) for article in articles]
    total = commitment.provisions.count()
    text = path.read_text(encoding="utf-8")
    first = articles[0].text.split("\n")[0][:60]
    assert first in text
    copy = tmp_path / "pta_401.xml"
    copy.write_text(text.replace(first, first + " (amended)", 1), encoding="utf-8")
    assert "updated 1" in run_import(copy)
    assert commitment.provisions.count() == total
    statuses = [ProvisionLink.objects.get(pk=link.pk).status for link in links]
    assert statuses == [ProvisionLink.Status.NEEDS_REVIEW, ProvisionLink.Status.CONFIRMED]


def test_path_keys_number_repeats_and_fall_back_to_headings():
    keys = path_keys(
        [
            PathNode(None, "preamble", heading="Preamble"),
            PathNode(0, "article"),
            PathNode(None, "chapter", "19", "Labour"),
            PathNode(2, "article", "19.3."),
            PathNode(2, "article", "19.3"),
            PathNode(None, "chapter", heading=" Labour  Council "),
        ]
    )
    assert keys == [
        "preamble:~preamble",
        "preamble:~preamble/article",
        "chapter:19",
        "chapter:19/article:19.3",
        "chapter:19/article:19.3#2",
        "chapter:~labour council",
    ]


def test_path_keys_refuse_a_child_before_its_parent():
    with pytest.raises(ValueError):
        path_keys([PathNode(1, "article"), PathNode(None, "chapter", "1")])


def test_commitment_page_marks_a_withdrawn_provision(client, coordinator, tpp, assessed, tmp_path):
    run_import(edited_copy(tmp_path, (ART_19_4, "")))
    client.force_login(coordinator)
    page = client.get(tpp.get_absolute_url()).content.decode()
    assert page.count("Không còn trong văn bản hiện hành") == 1
    assert "Non Derogation" in page

"""Lifecycle corrections of issue 12 in the register: new steps, level rules, migration 0009."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from camket.conftest import make_commitment
from camket.registry.actions import CommitmentData, EventData, create_commitment
from camket.registry.models import Commitment


def post_event(client, commitment, kind, on):
    return client.post(
        reverse("registry:event-create", args=[commitment.code]),
        {"kind": kind, "on": on, "place": "Hà Nội"},
    )


def offered(client, commitment) -> str:
    return client.get(commitment.get_absolute_url()).content.decode()


def test_a_state_treaty_offers_ratification_but_no_approval(client, coordinator):
    treaty = make_commitment("vn/treaty/2019/nha-nuoc", events=(("signature", "2019-05-05"),))
    Commitment.objects.filter(pk=treaty.pk).update(level=Commitment.Level.STATE)
    client.force_login(coordinator)
    page = offered(client, treaty)
    assert 'value="ratification"' in page and 'value="approval"' not in page
    treaty.refresh_from_db()
    assert post_event(client, treaty, "approval", "01/02/2020").status_code == 400
    assert not treaty.events.filter(kind="approval").exists()


def test_an_import_approving_a_state_treaty_is_refused_with_the_reason(db):
    data = CommitmentData(
        code="vn/treaty/2019/nha-nuoc-phe-duyet",
        kind=Commitment.Kind.TREATY,
        level=Commitment.Level.STATE,
        scope=Commitment.Scope.BILATERAL,
        title_vi="Hiệp định nhân danh Nhà nước",
        lead_agency="bct",
        events=[
            EventData("signature", dt.date(2019, 5, 5)),
            EventData("approval", dt.date(2020, 2, 1)),
        ],
    )
    with pytest.raises(ValidationError) as error:
        create_commitment(data, acting_user=None)
    assert "nhân danh Nhà nước" in " ".join(error.value.messages)
    assert not Commitment.objects.filter(code=data.code).exists()


def test_a_bilateral_treaty_cannot_be_ratified_before_it_is_signed(client, coordinator):
    treaty = make_commitment("vn/treaty/2019/chua-ky", events=())
    client.force_login(coordinator)
    response = post_event(client, treaty, "ratification", "05/07/2019")
    assert response.status_code == 400
    assert "song phương" in response.content.decode() or "hai bên" in response.content.decode()


def test_renunciation_and_supersession_are_recorded_with_vietnamese_labels(client, coordinator):
    treaty = make_commitment("vn/treaty/2015/tu-bo")
    client.force_login(coordinator)
    page = offered(client, treaty)
    assert "Từ bỏ" in page and "Được thay thế bằng cam kết sau" in page
    assert post_event(client, treaty, "renunciation", "01/06/2020").status_code == 302
    treaty.refresh_from_db()
    assert treaty.status == Commitment.Status.RENOUNCED
    assert "Đã từ bỏ" in offered(client, treaty)


def test_review_recommendations_are_accepted_not_issued_as_a_statement(client, coordinator):
    review = make_commitment(
        "vn/review/2019/upr-3",
        kind=Commitment.Kind.INTERNATIONAL_REVIEW,
        events=(("acceptance", "2019-01-22"),),
    )
    assert review.status == Commitment.Status.ACCEPTED
    client.force_login(coordinator)
    page = offered(client, review)
    assert "Đã thông qua, chấp thuận" in page
    assert "Ra tuyên bố" not in page and "Đã ra tuyên bố" not in page


BEFORE = [("registry", "0008_relation_incorporates")]
AFTER = [("registry", "0009_lifecycle_corrections")]


@pytest.mark.django_db(transaction=True)
def test_migration_0009_moves_reviews_to_acceptance_and_superseded_treaties(db):
    # A transactional test run before this one may have flushed the seeded agencies: write one
    # with today's model (the historical one does not know every column of today's table).
    from camket.agencies.models import Agency as CurrentAgency

    CurrentAgency.objects.get_or_create(
        code="bng", defaults={"name_vi": "Bộ Ngoại giao", "kind": "ministry"}
    )
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Agency = old.get_model("agencies", "Agency")
    Commitment_ = old.get_model("registry", "Commitment")
    Event = old.get_model("registry", "CommitmentEvent")
    Relation = old.get_model("registry", "CommitmentRelation")
    lead = Agency.objects.first()
    common = {"level": "state", "scope": "regional", "lead_agency": lead}
    review = Commitment_.objects.create(
        code="vn/review/2009/upr-1", kind="international_review", status="adopted", **common
    )
    Event.objects.create(commitment=review, kind="adoption", on="2009-05-08")
    cept = Commitment_.objects.create(code="cept", kind="treaty", status="terminated", **common)
    Event.objects.create(commitment=cept, kind="accession", on="1995-12-15")
    Event.objects.create(commitment=cept, kind="termination", on="2010-05-17")
    atiga = Commitment_.objects.create(code="atiga", kind="treaty", status="in_force", **common)
    Relation.objects.create(source=atiga, target=cept, kind="supersedes")
    ended = Commitment_.objects.create(code="ended", kind="treaty", status="terminated", **common)
    Event.objects.create(commitment=ended, kind="termination", on="2012-01-01")

    for _ in range(2):  # forward twice (through a backward step): the same result
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    rows = {c.code: c.status for c in Commitment.objects.all()}
    assert rows["vn/review/2009/upr-1"] == "accepted"
    assert rows["cept"] == "superseded"
    assert rows["ended"] == "terminated"  # no later commitment replaces it
    kinds = {(e.commitment.code, e.kind) for e in Commitment.objects.get(code="cept").events.all()}
    assert kinds == {("cept", "accession"), ("cept", "supersession")}
    assert Commitment.objects.get(code="vn/review/2009/upr-1").events.get().kind == "acceptance"

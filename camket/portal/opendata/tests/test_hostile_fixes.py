"""Hostile report, defects 1 and 9: the bulk files forget a commitment that leaves the public,
and the sources of a commitment travel (url and title) in the API, the JSON file and the CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from camket.conftest import make_commitment
from camket.portal.opendata import exports
from camket.portal.opendata.tests.factories import commitment_data as _data
from camket.registry.actions import (
    delete_commitment,
    delete_event,
    replace_commitment,
)
from camket.registry.models import Commitment


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _both(client) -> tuple[str, str]:
    return (
        _body(client.get(reverse("opendata:bulk", args=["commitments.csv"]))),
        _body(client.get(reverse("opendata:bulk", args=["commitments.json"]))),
    )


LEAVING = {
    "restricted": lambda c: replace_commitment(
        c, _data(c, confidentiality=Commitment.Confidentiality.RESTRICTED), acting_user=None
    ),
    "internal": lambda c: replace_commitment(
        c, _data(c, confidentiality=Commitment.Confidentiality.INTERNAL), acting_user=None
    ),
    "draft": lambda c: replace_commitment(c, _data(c, events=[]), acting_user=None),
}


@pytest.mark.parametrize("how", sorted(LEAVING))
def test_bulk_files_drop_a_commitment_that_leaves_the_public(vkfta, client, how):
    csv_text, json_text = _both(client)
    assert vkfta.title_vi in csv_text and vkfta.title_vi in json_text  # published while public
    LEAVING[how](vkfta)
    assert client.get(f"/api/v1/commitments/{vkfta.code}").status_code == 404
    csv_text, json_text = _both(client)
    assert vkfta.title_vi not in csv_text
    assert vkfta.title_vi not in json_text
    assert json.loads(json_text)["commitments"] == []
    assert exports.manifest()["rows"] == 0


def test_bulk_files_drop_a_commitment_whose_events_are_deleted_or_that_is_deleted(
    vkfta, client, coordinator
):
    assert vkfta.title_vi in _both(client)[1]
    for event in vkfta.events.order_by("-on"):
        delete_event(event, acting_user=coordinator)
    assert vkfta.title_vi not in _both(client)[1]
    replace_commitment(vkfta, _data(vkfta), acting_user=None)
    exports.write_bulk_files()
    assert vkfta.title_vi in _both(client)[1]
    delete_commitment(Commitment.objects.get(pk=vkfta.pk), acting_user=coordinator)
    assert vkfta.title_vi not in _both(client)[1]


def test_bulk_files_are_dropped_again_when_the_change_commits(
    vkfta, client, django_capture_on_commit_callbacks
):
    """A download between the change and its commit may rewrite the files with the old state:
    the drop is repeated after the commit."""
    _both(client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        LEAVING["restricted"](vkfta)
    exports.write_bulk_files()  # as a concurrent download would have, before the commit
    assert exports.manifest() is not None
    for callback in callbacks:
        callback()
    assert exports.manifest() is None
    assert vkfta.title_vi not in _both(client)[1]


SOURCES = [
    {"url": "https://example.vn/vkfta", "title": "Văn bản VKFTA"},
    "https://example.vn/plain",
    {"url": "javascript:alert(1)", "title": "x"},
    {"title": "no url"},
    42,
]


def test_source_links_travel_with_url_and_title_in_api_json_and_csv(db, client):
    c = make_commitment()
    Commitment.objects.filter(pk=c.pk).update(source_links=SOURCES)
    expected = [
        {"url": "https://example.vn/vkfta", "title": "Văn bản VKFTA"},
        {"url": "https://example.vn/plain", "title": ""},
    ]
    assert client.get(f"/api/v1/commitments/{c.code}").json()["source_links"] == expected
    listed = client.get("/api/v1/commitments").json()
    assert listed["results"][0]["source_links"] == expected
    csv_text, json_text = _both(client)
    assert json.loads(json_text)["commitments"][0]["source_links"] == expected
    row = next(csv.DictReader(io.StringIO(csv_text)))
    assert row["source_links"] == "https://example.vn/vkfta; https://example.vn/plain"


def test_openapi_schema_describes_sources_as_url_and_title(db, client):
    schema = client.get("/api/v1/openapi.json").json()
    prop = schema["components"]["schemas"]["CommitmentOut"]["properties"]["source_links"]
    assert prop["items"]["$ref"].endswith("/SourceOut")
    assert set(schema["components"]["schemas"]["SourceOut"]["properties"]) == {"url", "title"}

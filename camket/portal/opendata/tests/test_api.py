"""The open data API: filters, pages, ETag, rate limit, never more than public."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from camket.portal.opendata.tests.conftest import SECRET_TOKENS

pytestmark = pytest.mark.django_db
LIST = "/api/v1/commitments"


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_list_holds_public_commitments_only(world):
    body = Client().get(LIST).content.decode()
    assert sorted(codes(Client().get(LIST))) == ["vn/treaty/2015/vkfta", "vn/treaty/2019/evfta"]
    for token in SECRET_TOKENS:
        assert token not in body


def test_stored_values_travel_with_both_labels(world):
    row = Client().get(LIST, {"q": "evfta"}).json()["results"][0]
    assert row["kind"] == {"value": "treaty", "label_vi": "Điều ước quốc tế", "label_en": "Treaty"}
    assert row["status"]["value"] == "in_force" and row["status"]["label_vi"] == "Có hiệu lực"
    assert row["partners"][0]["code"] == "EU" and row["partners"][0]["kind"]["label_vi"]
    assert row["lead_agency"]["name_vi"] == "Bộ Công Thương"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"partner": "EU"}, ["vn/treaty/2019/evfta"]),
        ({"partner": "KOR"}, ["vn/treaty/2015/vkfta"]),
        ({"partner": "LAO"}, []),  # only the restricted one has Laos
        ({"year": 2019}, ["vn/treaty/2019/evfta"]),
        ({"year": 2024}, []),
        ({"sector": "trade"}, ["vn/treaty/2019/evfta", "vn/treaty/2015/vkfta"]),
        ({"kind": "international_agreement"}, []),
        ({"status": "in_force"}, ["vn/treaty/2019/evfta", "vn/treaty/2015/vkfta"]),
        ({"q": "lien minh chau au"}, ["vn/treaty/2019/evfta"]),  # folded
        ({"q": "thuy san"}, ["vn/treaty/2015/vkfta"]),  # in the summary, without diacritics
        ({"q": "mat-restricted-zz"}, []),
    ],
)
def test_filters(world, query, expected):
    assert codes(Client().get(LIST, query)) == expected


@pytest.mark.parametrize(
    "query",
    [{"kind": "restricted"}, {"status": "draft"}, {"year": 0}, {"page": 0}, {"page_size": 1000}],
)
def test_a_value_outside_the_schema_is_refused_with_a_message(world, query):
    response = Client().get(LIST, query)
    assert response.status_code == 422
    assert response.json()["detail"]


def test_pages(world):
    first = Client().get(LIST, {"page_size": 1}).json()
    second = Client().get(LIST, {"page_size": 1, "page": 2}).json()
    beyond = Client().get(LIST, {"page_size": 1, "page": 3}).json()
    assert (first["count"], first["pages"], len(first["results"])) == (2, 2, 1)
    assert first["results"][0]["code"] != second["results"][0]["code"]
    assert beyond["results"] == [] and beyond["count"] == 2


def test_etag_answers_304_until_the_data_change(world):
    client = Client()
    response = client.get(LIST)
    etag = response["ETag"]
    assert etag.startswith('"') and response["Cache-Control"].startswith("public")
    again = client.get(LIST, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    vkfta = world["vkfta"]
    vkfta.summary_en = "Tariff cuts for seafood."
    vkfta.save()
    changed = client.get(LIST, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_detail_with_events_public_relations_provisions(world):
    response = Client().get("/api/v1/commitments/vn/treaty/2019/evfta")
    assert response.status_code == 200
    record = response.json()
    assert [e["kind"]["value"] for e in record["events"]] == ["signature", "entry_into_force"]
    # The relation to the restricted agreement is dropped whole; the one from VKFTA is kept.
    assert [(r["code"], r["direction"]) for r in record["relations"]] == [
        ("vn/treaty/2015/vkfta", "incoming")
    ]
    assert record["relations"][0]["relation_vi"]
    for key in ("provisions", "obligations", "implementing_laws"):
        assert isinstance(record[key], list)
    for token in SECRET_TOKENS:
        assert token not in response.content.decode()


@pytest.mark.parametrize("key", ["restricted", "internal", "draft", "reference"])
def test_detail_of_a_non_public_commitment_is_404_like_a_missing_one(world, key):
    missing = Client().get("/api/v1/commitments/vn/treaty/1900/khong-co")
    hidden = Client().get(f"/api/v1/commitments/{world[key].code}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_too_many_requests_get_429_with_retry_after(world, settings):
    settings.CAMKET_API_RATE_LIMIT = 3
    client = Client()
    assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(LIST)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert "Retry" not in refused.json()["detail"] and refused.json()["detail"]
    # Another address still gets through.
    assert Client(REMOTE_ADDR="10.0.0.9").get(LIST).status_code == 200


def test_openapi_document_describes_values_in_both_languages(world):
    document = Client().get("/api/v1/openapi.json").json()
    assert set(document["paths"]) == {"/api/v1/commitments", "/api/v1/commitments/{code}"}
    text = json.dumps(document, ensure_ascii=False)
    assert "treaty = Điều ước quốc tế / Treaty" in text
    assert "in_force = Có hiệu lực / In force" in text
    assert "Mã ổn định của cam kết / Stable code" in text


def test_the_api_is_read_only(world):
    assert Client().post(LIST, {}).status_code == 405
    assert Client().delete("/api/v1/commitments/vn/treaty/2019/evfta").status_code == 405

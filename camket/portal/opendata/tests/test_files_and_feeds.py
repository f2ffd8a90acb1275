"""Bulk CSV/JSON, data dictionary, DCAT catalogue and Atom feeds: valid, public only."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from lxml import etree

from camket.conftest import make_commitment
from camket.portal.opendata import exports, records
from camket.portal.opendata.tests.conftest import SECRET_TOKENS

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
PUBLIC_URLS = [
    "/api/v1/commitments",
    "/api/v1/commitments?page_size=200",
    "/api/v1/commitments/vn/treaty/2019/evfta",
    "/api/v1/commitments/vn/treaty/2015/vkfta",
    "/public/data/",
    "/public/data/commitments.csv",
    "/public/data/commitments.json",
    "/public/data/dictionary.json",
    "/public/data/catalog.jsonld",
    "/public/feeds/new.atom",
    "/public/feeds/changed.atom",
    "/public/subscriptions/",
]


def body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8-sig")


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_restricted_internal_draft_or_reference_token_leaves(world, url):
    response = Client().get(url)
    assert response.status_code == 200
    text = body(response)
    if "commitments" in url or "feeds" in url:  # these name both public commitments
        assert "2015/vkfta" in text and "2019/evfta" in text
    for token in SECRET_TOKENS:
        assert token not in text, f"{token} in {url}"


def test_csv_has_the_dictionary_columns_and_public_rows(world):
    text = body(Client().get("/public/data/commitments.csv"))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [c.name for c in records.COLUMNS]
    assert sorted(r["code"] for r in rows) == ["vn/treaty/2015/vkfta", "vn/treaty/2019/evfta"]
    evfta = next(r for r in rows if r["code"] == "vn/treaty/2019/evfta")
    assert evfta["kind_vi"] == "Điều ước quốc tế" and evfta["status_vi"] == "Có hiệu lực"
    assert evfta["signed_on"] == "2019-06-30" and evfta["partners"] == "EU"
    schema = Client().get("/public/data/dictionary.json").json()
    assert [f["name"] for f in schema["fields"]] == list(rows[0])
    assert all(f["description"] for f in schema["fields"])


def test_csv_neutralises_formulas_and_json_keeps_the_text(world):
    make_commitment(
        "vn/treaty/2020/cong-thuc", title_vi='=HYPERLINK("http://x","y")', short_name="+SUM(1,2)"
    )
    exports.write_bulk_files()
    rows = list(csv.DictReader(io.StringIO(body(Client().get("/public/data/commitments.csv")))))
    row = next(r for r in rows if r["code"] == "vn/treaty/2020/cong-thuc")
    assert row["title_vi"].startswith("'=") and row["short_name"] == "'+SUM(1,2)"
    data = json.loads(body(Client().get("/public/data/commitments.json")))
    item = next(c for c in data["commitments"] if c["code"] == "vn/treaty/2020/cong-thuc")
    assert item["title_vi"] == '=HYPERLINK("http://x","y")'


def test_the_command_rewrites_the_files_and_the_manifest_matches_them(world, settings, capsys):
    call_command("export_opendata")
    assert "2 public commitments" in capsys.readouterr().out
    folder = settings.CAMKET_OPENDATA_DIR
    manifest = json.loads((folder / "manifest.json").read_text())
    for name in ("commitments.csv", "commitments.json"):
        content = (folder / name).read_bytes()
        assert manifest["files"][name]["sha256"] == hashlib.sha256(content).hexdigest()
        assert manifest["files"][name]["bytes"] == len(content)
    assert not list(folder.glob("*.tmp"))
    make_commitment("vn/treaty/2021/moi", title_vi="Hiệp định mới", short_name="MOI")
    call_command("export_opendata")
    assert json.loads((folder / "manifest.json").read_text())["rows"] == 3


def test_dcat_catalogue_describes_the_files_and_the_api(world):
    response = Client().get("/public/data/catalog.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    catalogue = response.json()
    assert catalogue["@type"] == "dcat:Catalog"
    dataset = catalogue["dcat:dataset"][0]
    downloads = {
        d["dcat:downloadURL"]["@id"].rsplit("/", 1)[1] for d in dataset["dcat:distribution"]
    }
    assert downloads == {"commitments.csv", "commitments.json"}
    assert all(d["dcat:byteSize"] > 0 for d in dataset["dcat:distribution"])
    assert catalogue["dcat:service"][0]["dcat:endpointDescription"]["@id"].endswith(
        "/api/v1/openapi.json"
    )


def test_an_unknown_file_name_is_404(world):
    assert Client().get("/public/data/manifest.json").status_code == 404
    assert Client().get("/public/data/..%2Fsecret").status_code == 404


def _feed(url: str):
    response = Client().get(url)
    assert response["Content-Type"].startswith("application/atom+xml")
    return etree.fromstring(response.content)


@pytest.mark.parametrize("url", ["/public/feeds/new.atom", "/public/feeds/changed.atom"])
def test_feeds_are_atom_with_the_required_elements(world, url):
    feed = _feed(url)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(ATOM + name) is not None, name
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        for name in ("id", "title", "updated", "link"):
            assert entry.find(ATOM + name) is not None, name
        assert entry.find(f"{ATOM}id").text.startswith("tag:camket.gov.vn,2026:commitment/")


def test_entry_ids_are_stable_and_a_change_is_a_new_entry_of_the_changed_feed(world):
    def ids(url):
        return {e.find(f"{ATOM}id").text for e in _feed(url).findall(f"{ATOM}entry")}

    new_before, changed_before = ids("/public/feeds/new.atom"), ids("/public/feeds/changed.atom")
    assert ids("/public/feeds/new.atom") == new_before  # same request, same ids
    vkfta = world["vkfta"]
    vkfta.summary_en = "Tariff cuts."
    vkfta.save()
    assert ids("/public/feeds/new.atom") == new_before
    changed_after = ids("/public/feeds/changed.atom")
    assert len(changed_after - changed_before) == 1
    assert next(iter(changed_after - changed_before)).startswith(
        "tag:camket.gov.vn,2026:commitment/vn/treaty/2015/vkfta/changed/"
    )

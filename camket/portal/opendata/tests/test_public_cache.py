"""The public record cache never serves more than public, nor anything older than the data.

Every public answer built from the cache (API list and record, portal page, business page) and
the feed is read once to fill the cache, the register is changed through its actions, and the
next answer must show the change: a commitment made restricted, internal or draft is gone, an
edited title is there. Decision 0018, ``camket/portal/opendata/cache.py``.
"""

from __future__ import annotations

import threading

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection

from camket.conftest import make_commitment
from camket.obligations.actions import ObligationData, bulk_create_obligations
from camket.portal.opendata import cache
from camket.portal.opendata.ratelimit import over_limit
from camket.portal.opendata.tests.factories import commitment_data
from camket.registry.actions import (
    CommitmentData,
    bulk_create_commitments,
    replace_commitment,
)
from camket.registry.models import Commitment

Conf = Commitment.Confidentiality
TITLE = "Hiệp định Thương mại tự do Việt Nam - Hàn Quốc"


def _data(c, **changes) -> CommitmentData:
    return commitment_data(c, **{"affected_groups": ["exporters"], **changes})


def _answers(client, code: str) -> dict[str, str]:
    """Every public answer that shows the commitment, as text, by name."""
    urls = {
        "portal home": "/public/",
        "portal list": "/public/commitments/",
        "API list": "/api/v1/commitments",
        "API record": f"/api/v1/commitments/{code}",
        "portal page": f"/public/commitments/{code}/",
        "business page": "/public/business/trade/",
        "Atom feed": "/public/feeds/changed.atom",
    }
    out = {}
    for language in ("vi", "en"):
        client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
        for name, url in urls.items():
            response = client.get(url)
            text = response.content.decode() if response.status_code == 200 else ""
            out[name if language == "vi" else f"{name} (English)"] = text
    del client.cookies[django_settings.LANGUAGE_COOKIE_NAME]
    return out


@pytest.fixture
def vkfta(db):
    c = make_commitment()
    return replace_commitment(c, _data(c), acting_user=None)  # affects exporters: business page


LEAVING = {
    "restricted": {"confidentiality": Conf.RESTRICTED},
    "internal": {"confidentiality": Conf.INTERNAL},
    "draft": {"events": []},
}


@pytest.mark.parametrize("how", sorted(LEAVING))
def test_a_commitment_leaving_the_public_is_gone_from_every_cached_answer(vkfta, client, how):
    before = _answers(client, vkfta.code)
    for name, text in before.items():
        assert vkfta.code in text or "feed" in name, name  # shown, and now cached
        assert TITLE in text or "English" in name, name
    replace_commitment(vkfta, _data(vkfta, **LEAVING[how]), acting_user=None)
    after = _answers(client, vkfta.code)
    for name, text in after.items():
        assert vkfta.code not in text, name
        assert TITLE not in text, name
        assert "Korea" not in text, name  # nor its partner in the browse lists
        assert "Hàn Quốc" not in text, name


def test_an_edited_title_shows_at_once_everywhere(vkfta, client):
    _answers(client, vkfta.code)
    replace_commitment(
        vkfta,
        _data(vkfta, title_vi="Hiệp định VKFTA sửa-tên-mới", title_en="VKFTA renamed-new"),
        acting_user=None,
    )
    after = _answers(client, vkfta.code)
    for name, text in after.items():
        assert ("renamed-new" if "English" in name else "sửa-tên-mới") in text, name
        assert TITLE not in text, name


def test_a_relation_to_a_commitment_made_restricted_disappears_from_the_other_record(vkfta, client):
    other = make_commitment("vn/treaty/2019/evfta", title_vi="Hiệp định EVFTA-lien-quan-zz")
    from camket.registry.actions import relate_commitments

    relate_commitments(vkfta.code, other.code, "amends")
    assert "EVFTA-lien-quan-zz" in client.get(f"/api/v1/commitments/{vkfta.code}").content.decode()
    assert "EVFTA-lien-quan-zz" in client.get(f"/public/commitments/{vkfta.code}/").content.decode()
    replace_commitment(other, _data(other, confidentiality=Conf.RESTRICTED), acting_user=None)
    assert (
        "EVFTA-lien-quan-zz" not in client.get(f"/api/v1/commitments/{vkfta.code}").content.decode()
    )
    assert (
        "EVFTA-lien-quan-zz"
        not in client.get(f"/public/commitments/{vkfta.code}/").content.decode()
    )


def test_each_language_is_built_and_kept_apart(vkfta, client):
    answers = _answers(client, vkfta.code)
    assert TITLE in answers["portal page"]
    assert "Viet Nam - Korea Free Trade Agreement" in answers["portal page (English)"]
    assert TITLE not in answers["portal page (English)"]
    assert "Information" in answers["portal page (English)"]  # the cached sections too
    assert "Information" not in answers["portal page"]


def test_the_bulk_writers_change_the_version(vkfta):
    """``bulk_create`` sends no signal: the generator's writers say so themselves."""
    before = cache.version()
    bulk_create_commitments([_data(vkfta, code="vn/treaty/2016/bulk-zz")])
    after_commitments = cache.version()
    assert after_commitments != before
    bulk_create_obligations(
        [
            ObligationData(
                commitment=vkfta.pk, text="Giảm thuế nhập khẩu thủy sản.", modality="shall"
            )
        ]
    )
    assert cache.version() != after_commitments


def test_a_record_is_built_once_per_version(vkfta, client, django_assert_max_num_queries):
    url = f"/api/v1/commitments/{vkfta.code}"
    client.get(url)
    with django_assert_max_num_queries(2):  # the version and the predicate, nothing built
        assert client.get(url).status_code == 200
    cache.public_changed()
    assert client.get(url).json()["code"] == vkfta.code


@pytest.mark.django_db(transaction=True)
def test_request_counts_are_shared_by_two_database_connections(settings):
    """Two server processes are two connections to the database: they add to one count."""
    from camket import settings as configured

    settings.CACHES = configured.CACHES  # the table, as in production (tests count in memory)
    assert caches["shared"].__class__.__name__ == "DatabaseCache"
    caches["shared"].clear()
    seen = {}

    def other_process():
        seen["connection"] = id(connection.connection)
        seen["answers"] = [over_limit("api", "203.0.113.9", 4, 60) for _ in range(3)]
        connection.close()

    assert over_limit("api", "203.0.113.9", 4, 60) is None  # 1 here
    thread = threading.Thread(target=other_process)
    thread.start()
    thread.join()
    assert seen["connection"] != id(connection.connection)
    assert seen["answers"][:2] == [None, None]  # 2 and 3 there
    assert seen["answers"][2] is None  # 4: the limit
    assert over_limit("api", "203.0.113.9", 4, 60) is not None  # 5 here: over
    assert over_limit("api", "198.51.100.7", 4, 60) is None  # another address: its own count
    caches["shared"].clear()

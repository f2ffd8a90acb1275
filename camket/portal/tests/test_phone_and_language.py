"""Public pages at their own address per language, light on a phone, with named choice groups.

From the audit of issue 14 (items 5, 11 and 12 of its findings).
"""

from __future__ import annotations

import gzip
import re

import pytest
from django.test import Client
from django.urls import reverse

from camket.registry.models import Provision

pytestmark = pytest.mark.django_db


def test_the_english_page_of_a_commitment_has_its_own_shareable_address(vkfta):
    """A link shared by an English reader opens in English for the next visitor (no cookie),
    and the sitemap announces the English page to search engines."""
    sitemap = Client().get("/sitemap.xml").content.decode()
    english = re.findall(r'hreflang="en"\s+href="([^"]+)"', sitemap)
    assert english, "the sitemap lists no English alternate (hreflang) of any public page"
    detail = [u for u in english if vkfta.code in u]
    assert detail
    path = re.sub(r"^https?://[^/]+", "", detail[0])
    response = Client().get(path)  # a fresh visitor: no language cookie
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_each_public_page_names_its_language_versions_and_canonical_address(vkfta):
    page = reverse("portal:commitment-detail", args=[vkfta.code])
    english = Client().get(page + "?lang=en").content.decode()
    vietnamese = Client().get(page).content.decode()
    for html in (english, vietnamese):
        assert re.search(
            rf'<link rel="alternate" hreflang="vi" href="[^"]*{re.escape(page)}"', html
        )
        assert re.search(
            rf'<link rel="alternate" hreflang="en" href="[^"]*{re.escape(page)}\?lang=en"', html
        )
    assert re.search(rf'<link rel="canonical" href="[^"]*{re.escape(page)}\?lang=en"', english)
    assert re.search(rf'<link rel="canonical" href="[^"]*{re.escape(page)}"', vietnamese)
    assert '<html lang="vi"' in vietnamese
    assert re.search(rf'id="share-link">[^<]*{re.escape(page)}\?lang=en<', english)


def test_the_language_of_an_address_stays_while_the_visitor_browses_on(vkfta):
    client = Client()
    client.get(reverse("portal:commitment-detail", args=[vkfta.code]) + "?lang=en")
    assert '<html lang="en"' in client.get(reverse("portal:commitment-list")).content.decode()
    assert '<html lang="vi"' in client.get("/public/?lang=vi").content.decode()
    assert '<html lang="vi"' in client.get(reverse("portal:commitment-list")).content.decode()


def test_an_unknown_language_in_the_address_falls_back_to_vietnamese(vkfta):
    response = Client().get(reverse("portal:commitment-list") + "?lang=xx")
    assert response.status_code == 200
    assert '<html lang="vi"' in response.content.decode()


def _long(commitment, articles=600):
    for n in range(1, articles + 1):
        Provision.objects.create(
            commitment=commitment, level=Provision.Level.ARTICLE, number=str(n),
            heading=f"Article {n}", order=n,
            text=f"Each Party shall ensure that its measures under Article {n} are applied in a "
            "reasonable, objective and impartial manner, and shall notify the other Party. " * 8,
        )  # fmt: skip


def test_a_long_commitment_page_is_light_enough_for_a_phone(vkfta):
    """The demo's CPTPP page was 1,053,504 bytes of HTML, sent uncompressed; here: a commitment
    of 600 articles."""
    _long(vkfta)
    response = Client().get(f"/public/commitments/{vkfta.code}/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    sent = len(response.content)
    assert response.get("Content-Encoding") == "gzip" or sent < 300_000, sent


def test_a_long_commitment_page_links_every_provision_without_sending_its_text(vkfta):
    _long(vkfta)
    response = Client().get(f"/public/commitments/{vkfta.code}/")
    html = response.content.decode()
    assert len(html) < 300_000, len(html)
    assert "Each Party shall ensure" not in html
    links = set(re.findall(r'href="(/public/commitments/[^"]+/provisions/[^"]+)"', html))
    assert len(links) == 600
    one = Provision.objects.get(commitment=vkfta, number="417")
    address = reverse("portal:provision-detail", args=[vkfta.code, one.pk])
    assert address in links
    provision_page = Client().get(address)
    assert provision_page.status_code == 200
    assert "under Article 417 are applied" in provision_page.content.decode()


def test_pages_with_a_form_token_or_a_session_are_never_compressed(vkfta, officer_bct):
    """BREACH: a compressed response must carry no secret beside text an attacker can inject."""
    anonymous = Client()
    form = anonymous.get("/public/subscriptions/", HTTP_ACCEPT_ENCODING="gzip")
    assert "csrfmiddlewaretoken" in form.content.decode()
    assert form.get("Content-Encoding") is None
    staff = Client()
    staff.force_login(officer_bct)
    page = staff.get(reverse("portal:commitment-list"), HTTP_ACCEPT_ENCODING="gzip")
    assert page.get("Content-Encoding") is None
    public = anonymous.get(reverse("portal:commitment-list"), HTTP_ACCEPT_ENCODING="gzip")
    assert public.get("Content-Encoding") == "gzip"
    assert vkfta.title in gzip.decompress(public.content).decode()
    assert "Accept-Encoding" in public.get("Vary", "")


def test_every_group_of_choices_on_public_forms_has_a_name(vkfta):
    """WCAG 2.1 AA (1.3.1, 4.1.2): a group of checkboxes or radios is named by a legend, not by
    a label that labels nothing."""
    for path in ("/public/subscriptions/", "/public/feedback/new/"):
        page = Client().get(path).content.decode()
        assert 'for=""' not in page, path
    assert re.search(
        r"<fieldset[^>]*>\s*<legend>", Client().get("/public/subscriptions/").content.decode()
    )


def test_a_compressed_api_answer_still_answers_304_to_its_etag(vkfta):
    client = Client()
    first = client.get("/api/v1/commitments", HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200 and first.get("Content-Encoding") == "gzip"
    etag = first["ETag"]
    again = client.get("/api/v1/commitments", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304, etag

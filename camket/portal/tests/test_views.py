"""Public pages: what an anonymous visitor reads, finds and shares."""

from __future__ import annotations

import datetime as dt
import re
from xml.etree import ElementTree

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from camket.conftest import make_commitment
from camket.obligations.actions import ObligationData, create_obligation
from camket.obligations.models import Obligation
from camket.registry.actions import add_document, relate_commitments
from camket.registry.loader import load_file
from camket.registry.models import Commitment, Document

Conf = Commitment.Confidentiality


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def demo(db):
    load_file()


def result_codes(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'href="/public/commitments/([^"]+)/"', html.split('id="results"', 1)[1])


def test_anonymous_visitor_gets_the_portal_at_the_root_and_staff_keep_their_home(
    anonymous, vkfta, officer_bct
):
    response = anonymous.get("/")
    assert response.status_code == 200
    assert "portal/home.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert vkfta.title_vi in html
    assert 'href="/accounts/login/"' in html and "Đăng nhập" in html
    staff = Client()
    staff.force_login(officer_bct)
    assert "home.html" in [t.name for t in staff.get("/").templates]
    assert "portal/home.html" not in [t.name for t in staff.get("/").templates]


@pytest.mark.parametrize(
    "query", ["hiep dinh evfta thuy san", "Hiệp định EVFTA thủy sản", "HIEP DINH thuy san EU"]
)
def test_search_finds_evfta_in_the_demo_with_or_without_diacritics(anonymous, demo, query):
    response = anonymous.get("/public/commitments/", {"q": query})
    assert response.status_code == 200
    assert result_codes(response)[0] == "vn/treaty/2019/evfta"


def test_search_reads_public_commitments_only(anonymous, vkfta, restricted_btc, internal_btc):
    for query in ("hai quan", "noi bo", "HQ-2024", "MOF-INT"):
        response = anonymous.get("/public/commitments/", {"q": query})
        assert result_codes(response) == [], query
    assert result_codes(anonymous.get("/public/commitments/", {"q": "han quoc"})) == [vkfta.code]


def test_private_draft_and_missing_commitments_are_the_same_404(
    anonymous, restricted_btc, internal_btc
):
    draft = make_commitment("vn/treaty/2026/du-thao", short_name="DT", events=())
    for code in (restricted_btc.code, internal_btc.code, draft.code, "vn/treaty/1900/khong-co"):
        response = anonymous.get(f"/public/commitments/{code}/")
        assert response.status_code == 404, code
        assert restricted_btc.title_vi not in response.content.decode()


def test_commitment_page_shows_what_is_public_and_nothing_else(
    anonymous, vkfta, restricted_btc, coordinator
):
    relate_commitments(vkfta.code, restricted_btc.code, "implements")
    vkfta.events.update(note="Ghi chú nội bộ: chuyên viên Trần Thị Bình theo dõi")
    Commitment.objects.filter(pk=vkfta.pk).update(
        summary_vi="Xóa bỏ thuế đối với tôm xuất khẩu sang Hàn Quốc.",
        affected_groups=["exporters", "Hợp tác xã"],
    )
    for text, groups in (
        ("Giảm thuế nhập khẩu tôm về 0% theo lộ trình", ["exporters"]),
        ("Trao đổi thông tin định kỳ giữa hai Chính phủ", []),
    ):
        create_obligation(
            ObligationData(
                commitment=vkfta.pk,
                text=text,
                modality=Obligation.Modality.SHALL,
                affected_groups=groups,
            ),
            acting_user=None,
        )
    add_document(
        vkfta,
        Document(commitment=vkfta, title="Văn bản dịch làm việc", language="vi", is_official=False),
        acting_user=coordinator,
    )
    html = anonymous.get(f"/public/commitments/{vkfta.code}/").content.decode()
    for shown in (
        vkfta.title_vi,
        "Xóa bỏ thuế đối với tôm",
        "Hàn Quốc",
        "Thương mại",
        "Bộ Công Thương",
        "05/05/2015",
        "Giảm thuế nhập khẩu tôm",
        "Hợp tác xã",
        f"http://testserver/public/commitments/{vkfta.code}/",
    ):
        assert shown in html, shown
    for hidden in (
        restricted_btc.title_vi,
        restricted_btc.code,
        "Ghi chú nội bộ",
        "Trần Thị Bình",
        "Trao đổi thông tin định kỳ",
        "Văn bản dịch làm việc",
        "/register/",
    ):
        assert hidden not in html, hidden


def test_only_official_texts_of_public_commitments_download(
    anonymous, vkfta, restricted_btc, coordinator
):
    def attach(commitment, title, official):
        document = Document(commitment=commitment, title=title, language="vi", is_official=official)
        document.file = ContentFile(f"Nội dung {title}".encode(), name="van-ban.txt")
        return add_document(commitment, document, acting_user=coordinator)

    official = attach(vkfta, "Bản chính thức", True)
    working = attach(vkfta, "Bản làm việc", False)
    secret = attach(restricted_btc, "Bản mật", True)
    response = anonymous.get(f"/public/documents/{official.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "Nội dung Bản chính thức".encode()
    for document in (working, secret):
        assert anonymous.get(f"/public/documents/{document.pk}/").status_code == 404


def test_browse_by_sector_partner_group_province_year_and_kind(anonymous, vkfta):
    hanoi = make_commitment(
        "vn/international_agreement/2024/hanoi-vientiane",
        kind=Commitment.Kind.INTERNATIONAL_AGREEMENT,
        title_vi="Thỏa thuận hợp tác giữa Hà Nội và Viêng Chăn",
        short_name="HN-VC",
        lead="hanoi",
        partners=("LAO",),
        sectors=("culture",),
        events=(("signature", "2024-04-10"),),
    )
    Commitment.objects.filter(pk=vkfta.pk).update(affected_groups=["exporters"])
    cases = {
        "sector=trade": [vkfta.code],
        "sector=culture": [hanoi.code],
        "partner=LAO": [hanoi.code],
        "group=exporters": [vkfta.code],
        "province=hanoi": [hanoi.code],
        "year=2015": [vkfta.code],
        "kind=international_agreement": [hanoi.code],
        "kind=nonsense": [],
        "group=nonsense": [],
        "year=abc": [],
        "sector=trade&partner=LAO": [],
    }
    for query, expected in cases.items():
        response = anonymous.get(f"/public/commitments/?{query}")
        assert response.status_code == 200, query
        assert result_codes(response) == expected, query


def test_business_page_lists_fta_cutting_seafood_tariffs_for_exports_to_the_eu(anonymous, demo):
    index = anonymous.get("/public/business/").content.decode()
    assert 'href="/public/business/agriculture/"' in index
    response = anonymous.get("/public/business/agriculture/", {"partner": "EU"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "EVFTA" in html and "thủy sản" in html
    assert "CPTPP" not in html  # not a partner of the EU
    assert anonymous.get("/public/business/no-such-sector/").status_code == 404


def test_sitemap_lists_every_public_commitment_and_nothing_private(
    anonymous, vkfta, restricted_btc
):
    response = anonymous.get("/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ElementTree.fromstring(response.content).findall("s:url/s:loc", ns)]
    assert f"http://testserver/public/commitments/{vkfta.code}/" in locs
    assert "http://testserver/public/" in locs
    assert not [loc for loc in locs if restricted_btc.code in loc]
    robots = anonymous.get("/robots.txt").content.decode()
    assert "Allow: /public/" in robots and "Disallow: /register/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_language_switch_works_for_an_anonymous_visitor(anonymous, vkfta):
    page = f"/public/commitments/{vkfta.code}/"
    assert "Hiệp định Thương mại tự do Việt Nam - Hàn Quốc" in anonymous.get(page).content.decode()
    response = anonymous.post("/i18n/setlang/", {"language": "en", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    html = anonymous.get(page).content.decode()
    assert "<h1>Viet Nam - Korea Free Trade Agreement" in html
    assert 'lang="en"' in html


def test_every_staff_page_still_asks_for_a_login(anonymous):
    names = (
        "registry:commitment-list",
        "registry:search",
        "obligations:plan-list",
        "monitoring:dashboard",
        "compatibility:document-list",
        "help",
    )
    for url in map(reverse, names):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_list_page_reads_in_a_fixed_number_of_queries(anonymous, django_assert_max_num_queries, db):
    for n in range(30):
        make_commitment(
            f"vn/treaty/2020/fta-{n}",
            short_name=f"FTA{n}",
            events=(("signature", f"2020-01-{n % 28 + 1:02d}"),),
        )
    with django_assert_max_num_queries(15):
        assert anonymous.get("/public/commitments/?q=hiep+dinh").status_code == 200
    with django_assert_max_num_queries(15):
        assert anonymous.get("/").status_code == 200


def test_dates_in_the_timeline_are_day_month_year(anonymous, vkfta):
    html = anonymous.get(f"/public/commitments/{vkfta.code}/").content.decode()
    assert f'datetime="{dt.date(2015, 12, 20).isoformat()}">20/12/2015<' in html

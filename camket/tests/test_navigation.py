"""The header's main menu: every entry opens for every role that sees it, the section shown is
marked current, and anonymous visitors get the portal's menu only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from camket.agencies.models import Membership
from camket.conftest import make_user
from camket.navigation import MENU, Entry, main_menu

pytestmark = pytest.mark.django_db

ENTRIES = [e for item in MENU for e in (item.entries if not isinstance(item, Entry) else (item,))]
STAFF_PATHS = ("/register/", "/implementation/", "/mechanisms/", "/consultation/", "/help/")


def _menu_links(html: str) -> list[str]:
    menu = html.split('id="mainnav-items"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)"', menu)


@pytest.mark.parametrize("role", [r for r, _label in Membership.Role.choices])
def test_every_entry_is_shown_and_opens_for_each_role(client, django_user_model, role):
    user = make_user(django_user_model, f"user_{role}", "bct", role)
    client.force_login(user)
    links = _menu_links(client.get("/").content.decode())
    assert len(links) == len(ENTRIES)
    for url in links:
        assert client.get(url.replace("&amp;", "&")).status_code == 200, url


def test_the_current_section_is_marked_on_its_pages_and_its_group():
    menu = main_menu("/mechanisms/issues/42/")
    current = [
        (link.url, link.current)
        for item in menu
        for link in getattr(item, "links", [item])
        if link.current
    ]
    assert current == [("/mechanisms/issues/?status=open", "true")]
    assert [m.current for m in menu if hasattr(m, "links")] == [False, False, False, True]
    # The longest section wins; an entry's own page is "page"; the home page is no section's.
    assert [link.current for link in main_menu("/mechanisms/early-warning/")[4].links] == [
        "",
        "",
        "page",
    ]
    assert main_menu("/")[0].current == "page"
    assert not any(link.current for link in main_menu("/register/")[0:1])


def test_a_page_marks_its_section_and_an_anonymous_visitor_gets_the_portal_menu(
    client, officer_bct
):
    assert "mainnav-items" not in client.get(reverse("portal:home")).content.decode()
    client.force_login(officer_bct)
    html = client.get(reverse("obligations:plan-list")).content.decode()
    assert f'<a href="{reverse("obligations:plan-list")}" aria-current="page">' in html
    assert '<summary aria-current="true">Thực hiện</summary>' in html
    assert html.count("aria-current=") == 2
    assert "publicnav-items" not in html


@pytest.mark.parametrize("path", STAFF_PATHS)
def test_each_section_prefix_belongs_to_one_entry(path):
    assert sum(e.section == path for e in ENTRIES) == 1

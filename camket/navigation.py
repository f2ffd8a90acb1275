"""The staff pages' main menu: a few groups a ministry official recognises, and where they are.

Eleven links in a row wrapped onto two lines at 1366 px; grouped, the menu holds one line there and
folds into one "Danh mục" button on a phone (``base.html``, ``app.css``, ``app.js``). As before the
grouping, every signed-in user sees every entry: each of these pages opens for any staff role and
checks, itself, what the reader may see in it.

An entry is *current* when the page shown lies under its ``section`` (a path prefix; the longest
prefix wins): ``aria-current="page"`` on the entry's own page, ``"true"`` on the other pages of its
section, and its group's summary says so too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    section: str
    query: str = ""


@dataclass(frozen=True)
class Group:
    label: str
    entries: tuple[Entry, ...]


MENU: tuple[Entry | Group, ...] = (
    Entry(_("Today"), "home", "/"),
    Group(
        # Translators: a group of the main menu (glossary: cam kết quốc tế).
        pgettext_lazy("main menu", "Commitments"),
        (
            Entry(_("Register"), "registry:commitment-list", "/register/"),
            Entry(_("Domestic law"), "compatibility:document-list", "/compatibility/"),
        ),
    ),
    Group(
        pgettext_lazy("main menu", "Implementation"),
        (
            Entry(_("Plans and tasks"), "obligations:plan-list", "/implementation/"),
            Entry(_("Monitoring"), "monitoring:dashboard", "/monitoring/"),
        ),
    ),
    Group(
        pgettext_lazy("main menu", "Evaluation"),
        (
            Entry(_("Before signing"), "evaluation:proposal-list", "/evaluation/"),
            Entry(_("Scorecards"), "scoring:scorecard-list", "/scorecards/"),
            Entry(_("Reviews and resources"), "reviews:home", "/reviews/"),
        ),
    ),
    Group(
        pgettext_lazy("main menu", "Coordination"),
        (
            Entry(_("Overlap across agencies"), "coordination:queue", "/coordination/"),
            Entry(
                _("Issues with partners"), "mechanisms:issue-list", "/mechanisms/", "?status=open"
            ),
            Entry(_("Early warning"), "mechanisms:early-warning", "/mechanisms/early-warning/"),
        ),
    ),
    Entry(_("Consultation and feedback"), "consultation:queue", "/consultation/"),
    Entry(_("User guide"), "help", "/help/"),
)


@dataclass
class Link:
    label: str
    url: str
    current: str = ""


@dataclass
class Menu:
    label: str
    links: list[Link] = field(default_factory=list)
    current: bool = False


def _section_of(path: str) -> str | None:
    """The section (an entry's path prefix) ``path`` belongs to: the longest that matches."""
    sections = [e.section for item in MENU for e in getattr(item, "entries", (item,))]
    found = [s for s in sections if path == s or (s != "/" and path.startswith(s))]
    return max(found, key=len) if found else None


def _link(entry: Entry, path: str, section: str | None) -> Link:
    url = reverse(entry.url_name)
    current = ""
    if entry.section == section:
        current = "page" if url == path else "true"
    return Link(str(entry.label), url + entry.query, current)


def main_menu(path: str) -> list[Link | Menu]:
    """The main menu as shown on the page at ``path``: links and groups of links."""
    section = _section_of(path)
    items: list[Link | Menu] = []
    for item in MENU:
        if isinstance(item, Entry):
            items.append(_link(item, path, section))
            continue
        links = [_link(e, path, section) for e in item.entries]
        items.append(Menu(str(item.label), links, any(link.current for link in links)))
    return items

"""Query-string parameters of list views: read in one place, bounded, never a server error.

A list view reads ``?cycle=…&page=…`` through these helpers, which turn whatever a person or a
crawler sends (``0``, ``-1``, ``2**63``, ``²``, ``abc``, a NUL byte, 10,000 characters) into a
value the database accepts, or into "no value" (the filter is dropped; an identifier no row can
have filters to nothing). Each view declares the names it reads with :func:`reads_query`, and the
fuzz test sends hostile values to every declared name of every view.
"""

from __future__ import annotations

from collections.abc import Callable

# Both engines store ids in signed 64-bit integers; a larger number would overflow the driver.
MAX_ID = 2**63 - 1
MAX_TEXT = 200
MAX_PAGE = 100_000
YEARS = (1, 9999)  # what datetime.date accepts


def reads_query(*names: str) -> Callable:
    """Declare the query parameters a view reads (kept through ``login_required``'s wraps)."""

    def declare(view: Callable) -> Callable:
        view.query_params = (*getattr(view, "query_params", ()), *names)  # type: ignore[attr-defined]
        return view

    return declare


def text_param(params, name: str, *, max_length: int = MAX_TEXT) -> str:
    """The stripped text of ``name``: no NUL bytes (PostgreSQL refuses them), at most
    ``max_length`` characters; ``""`` when absent."""
    return str(params.get(name, "")).replace("\x00", "").strip()[:max_length]


def int_param(params, name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """``name`` as an int within [minimum, maximum], or ``None`` (absent, not ASCII digits,
    out of range). ``"²"`` and ``"١"`` are digits to ``str.isdigit`` but not here."""
    raw = text_param(params, name, max_length=40)
    if not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


def id_param(params, name: str) -> int | None:
    """A primary key: ``0`` (no row has it) is kept, so the list filters to nothing."""
    return int_param(params, name, minimum=0)


def year_param(params, name: str) -> int | None:
    return int_param(params, name, minimum=YEARS[0], maximum=YEARS[1])


def page_param(params, name: str = "page") -> int:
    """A page number from 1 to :data:`MAX_PAGE`; anything else is page 1."""
    return int_param(params, name, maximum=MAX_PAGE) or 1


def id_list_param(params, name: str) -> list[int]:
    """Every value of ``name`` that is a valid primary key (``?commitments=1&commitments=2``)."""
    values = params.getlist(name) if hasattr(params, "getlist") else [params.get(name, "")]
    return [pk for value in values if (pk := id_param({name: value}, name)) is not None]

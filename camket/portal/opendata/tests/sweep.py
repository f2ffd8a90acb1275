"""Open data's part of the generic access sweep (``camket/tests/test_access_sweep.py``).

The bulk files are written from the sweep's own world before it walks, and a subscription
gives the confirm/unsubscribe pages a real token (those pages show no record).
"""

from __future__ import annotations

from urllib.parse import quote

from camket.portal.opendata import exports, subscriptions

FILL_BY_NAME = {
    "opendata:api-1:commitment-detail": "commitment",
    "opendata:bulk": "open data file",
    "opendata:subscription-confirm": "subscription token",
    "opendata:subscription-unsubscribe": "subscription token",
}


def opendata_records(commitments) -> dict[str, list[dict]]:
    exports.write_bulk_files()
    subscription = subscriptions.subscribe(subscriptions.SubscriptionData(email="a@example.vn"))
    return {
        "open data file": [{"name": exports.CSV_NAME}, {"name": exports.JSON_NAME}],
        "subscription token": [
            {"token": subscriptions.confirm_token(subscription)},
            {"token": subscriptions.unsubscribe_token(subscription)},
        ],
    }


def opendata_queries(commitments) -> dict[str, list[str]]:
    searches = [f"?q={quote(c.title_vi.split()[4])}" for c in commitments]
    return {
        "opendata:api-1:commitment-list": [
            "",
            "?page_size=200",
            "?sector=trade",
            "?kind=leaders_statement",
            "?status=signed",
            "?year=2025",
            *searches,
        ],
        "opendata:subscribe": ["", *[f"?commitment={quote(c.code)}" for c in commitments]],
    }

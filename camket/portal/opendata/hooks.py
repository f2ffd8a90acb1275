"""What the register's actions tell open data: a commitment was written or an event recorded.

``camket.registry.actions`` calls :func:`commitment_changed` inside the transaction of
``create_commitment``, ``replace_commitment``, ``update_commitment`` and ``record_event``. The
first time a commitment is public (``camket.portal.visibility.is_public``) subscribers hear of a
new commitment; an entry into force of a public commitment is announced once per date.
"""

from __future__ import annotations

from django.utils import translation

from camket.portal import visibility
from camket.portal.opendata import records
from camket.portal.opendata.models import EventKind
from camket.portal.opendata.subscriptions import announce
from camket.registry.models import CommitmentEvent


def commitment_changed(commitment, *, event=None) -> None:
    if not visibility.is_public(commitment):
        return
    with translation.override("vi"):
        title = commitment.title
    url = records.public_url(commitment.code)
    announce(
        EventKind.NEW_COMMITMENT,
        commitment,
        title=title,
        url=url,
        key=f"new_commitment:{commitment.pk}",
    )
    if event is not None and event.kind == CommitmentEvent.Kind.ENTRY_INTO_FORCE:
        announce(
            EventKind.ENTRY_INTO_FORCE,
            commitment,
            title=title,
            url=url,
            key=f"entry_into_force:{commitment.pk}:{event.on.isoformat()}",
        )

"""What the register's actions tell open data: a commitment was written or an event recorded.

``camket.registry.actions`` calls :func:`commitment_changed` inside the transaction of
``create_commitment``, ``replace_commitment``, ``update_commitment`` and ``record_event``. The
first time a commitment is public (``camket.portal.visibility.is_public``) subscribers hear of a
new commitment; an entry into force of a public commitment is announced once per date.

A commitment that is not (or no longer) public, or one deleted (:func:`commitment_removed`),
makes the bulk files stale: they may still hold it (made restricted, internal or draft after the
daily job), so they are dropped at once and again after the transaction commits, and the next
download writes them afresh (``exports.ensure_bulk_files``). Hostile report, defect 1.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation

from camket.portal import visibility
from camket.portal.opendata import exports, records
from camket.portal.opendata.models import EventKind
from camket.portal.opendata.subscriptions import announce
from camket.registry.models import CommitmentEvent


def commitment_changed(commitment, *, event=None) -> None:
    if not visibility.is_public(commitment):
        commitment_removed()
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


def commitment_removed() -> None:
    """A commitment left the public (or was deleted): the bulk files must not keep it.

    Dropped now, so no reader gets them from here on, and again on commit, so a rewrite that a
    concurrent download made before this transaction committed is not kept either.
    """
    exports.invalidate_bulk_files()
    transaction.on_commit(exports.invalidate_bulk_files)

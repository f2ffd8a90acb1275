"""Public records built once per version of the public data, kept by each server process.

Building a public record (bilingual labels, events, relations, provisions, obligations, laws)
costs far more Python than the SQL it needs, so each process keeps what it built in the cache
``public`` (``CACHES``, local memory) under ``<kind>:<version>:<key>``. The version is one row
(:class:`~camket.portal.opendata.models.PublicVersion`) holding a random token that every
write which may change a public record replaces, in the writer's transaction: a save or delete
of a commitment, its events, relations, documents, provisions, obligations, assessments and
legislative actions, legal documents, partners, sectors or agencies (signals, connected in
:func:`connect`), and the bulk writers that send no signals (:func:`public_changed` called by
``registry.actions.bulk_create_commitments``, ``obligations.actions.bulk_create_obligations``,
the ToTA provision import and the compatibility alerts). Every process reads the token at the
start of each request, so the next request anywhere rebuilds what changed.

The cache never decides what is public. A view first reads the token, then selects the rows
through ``camket.portal.visibility`` as it would without a cache, and only the building of those
rows is looked up: a commitment made restricted or draft is gone from the next answer, whatever
is cached. A record is always built after the token it is stored under was read, so what is
stored under a token is never older than the token. Tokens are random, never counters: a
rolled-back transaction or a restored backup brings back an older token, and with it only
records that were built from that same state. Decisions 0017 and 0018.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from uuid import uuid4

from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save

from camket.portal.opendata.models import PublicVersion

ALIAS = "public"


def version() -> str:
    """The token of the public data now. Read it before reading anything a record shows."""
    token = PublicVersion.objects.order_by("pk").values_list("token", flat=True).first()
    return token or public_changed()


def public_changed(**_signal) -> str:
    """Record that the public data may have changed: every process rebuilds its records.

    Takes (and ignores) a signal's keyword arguments, so it is also the signals' receiver.
    """
    token = uuid4().hex
    if not PublicVersion.objects.update(token=token):
        PublicVersion.objects.create(token=token)  # first use, or after a test's flush
    return token


def built(
    kind: str,
    keys: Iterable[Hashable],
    token: str,
    build: Callable[[list], dict],
) -> dict:
    """``{key: value}`` for ``keys``: cached under ``token``, or built by ``build(missing)``.

    ``build`` receives the keys not cached and returns their values (a key it leaves out is
    left out of the answer too); ``token`` must have been read (:func:`version`) before the
    caller selected ``keys``.
    """
    keys = list(keys)
    store = caches[ALIAS]
    names = {f"{kind}:{token}:{key}": key for key in keys}
    out = {names[name]: value for name, value in store.get_many(list(names)).items()}
    missing = [key for key in keys if key not in out]
    if missing:
        fresh = build(missing)
        store.set_many({f"{kind}:{token}:{key}": value for key, value in fresh.items()})
        out.update(fresh)
    return out


def connect() -> None:
    """Replace the token on every save or delete of what a public record shows."""
    from camket.agencies.models import Agency
    from camket.compatibility.models import LegalDocument, LegislativeAction, ProvisionLink
    from camket.obligations.models import Obligation
    from camket.registry.models import (
        Commitment,
        CommitmentEvent,
        CommitmentRelation,
        Document,
        Partner,
        Provision,
        Sector,
    )

    models = (
        Commitment,
        CommitmentEvent,
        CommitmentRelation,
        Document,
        Provision,
        Obligation,
        ProvisionLink,
        LegislativeAction,
        LegalDocument,
        Partner,
        Sector,
        Agency,
    )
    for model in models:
        uid = f"opendata-public-{model._meta.label_lower}"
        post_save.connect(public_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(public_changed, sender=model, dispatch_uid=uid + "-delete")
    links = (
        Commitment.partners.through,
        Commitment.sectors.through,
        Commitment.supporting_agencies.through,
        Obligation.sectors.through,
    )
    for through in links:
        uid = f"opendata-public-{through._meta.label_lower}"
        m2m_changed.connect(public_changed, sender=through, dispatch_uid=uid)

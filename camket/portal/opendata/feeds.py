"""Atom feeds (RFC 4287) of new and of changed public commitments.

Entry ids are tag URIs (RFC 4151) that never change: ``tag:camket.gov.vn,2026:commitment/<code>``
for a new commitment, and the same followed by ``/changed/<time of the change>`` for each
change, so a reader shows a change once and a new commitment once. Read through
``camket.portal.visibility`` (via ``records.listed``).
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from camket.portal.opendata import records
from camket.portal.opendata.ratelimit import limited

TAG = "tag:camket.gov.vn,2026:"
ITEMS = 50


class _CommitmentFeed(Feed):
    feed_type = Atom1Feed
    author_name = "CamKet"
    order = "-created_at"

    def __call__(self, request, *args, **kwargs):
        from django.conf import settings

        refused = limited(request, "api", settings.CAMKET_API_RATE_LIMIT, 60)
        return refused or super().__call__(request, *args, **kwargs)

    def items(self):
        return list(records.listed(partners=False).order_by(self.order, "code")[:ITEMS])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return records.public_url(item.code)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [s.name for s in item.sectors.all()]


class NewCommitmentsFeed(_CommitmentFeed):
    title = _("CamKet: newly published commitments")
    subtitle = _("International commitments of Viet Nam, newest first")

    def link(self):
        return reverse("opendata:feed-new")

    def feed_guid(self, obj=None):
        return TAG + "feed/new"

    def item_guid(self, item):
        return f"{TAG}commitment/{item.code}"

    item_guid_is_permalink = False


class ChangedCommitmentsFeed(_CommitmentFeed):
    title = _("CamKet: changed commitments")
    subtitle = _("Public commitments whose record changed, latest change first")
    order = "-updated_at"

    def link(self):
        return reverse("opendata:feed-changed")

    def feed_guid(self, obj=None):
        return TAG + "feed/changed"

    def item_guid(self, item):
        stamp = timezone.localtime(item.updated_at).isoformat(timespec="microseconds")
        return f"{TAG}commitment/{item.code}/changed/{stamp}"

    item_guid_is_permalink = False

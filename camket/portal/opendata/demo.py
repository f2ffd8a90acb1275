"""Open data's demo: the demo's public commitments announced once, and the bulk files written.

Nothing here is sample data: the API, files and feeds show the demo's real, sourced public
commitments (``camket/registry/demo/commitments.json``). A commitment that the register loaded
before open data existed is announced here as a new public commitment, through the same hook
the register's actions call (keyed: a second ``createdemo`` announces nothing again). No
subscription is made up: a visitor subscribes at /public/subscriptions/.
"""

from __future__ import annotations

from camket.portal import visibility
from camket.portal.opendata import exports
from camket.portal.opendata.hooks import commitment_changed
from camket.portal.opendata.models import Announcement


def load_demo(stdout) -> None:
    before = Announcement.objects.count()
    for commitment in visibility.public_commitments().order_by("code"):
        commitment_changed(commitment)
    added = Announcement.objects.count() - before
    bulk = exports.write_bulk_files()
    stdout.write(
        f"Open data: {bulk.rows} public commitments in the API, files and feeds "
        f"({exports.folder()}); announcements added {added}"
    )

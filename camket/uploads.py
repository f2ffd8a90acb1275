"""Translated refusals of hostile uploads, for every view and importer that parses a file.

:mod:`lawcore.safezip` and :mod:`lawcore.docextract` say what is wrong in codes; this module says
it to the person, naming the file and the part of it at fault.
"""

from __future__ import annotations

from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lawcore.docextract import TooCostly
from lawcore.safezip import Limits, UnsafeArchive, check_zip


def refusal_message(error: UnsafeArchive | TooCostly, name: str) -> str:
    """The translated sentence for a refused file ``name``."""
    if isinstance(error, TooCostly):
        if error.limit == "time":
            return _("“%(name)s” was refused: reading it took longer than %(seconds)d seconds.") % {
                "name": name,
                "seconds": error.seconds,
            }
        return _("“%(name)s” was refused: reading it needed too much memory.") % {"name": name}
    details = {"name": name, "member": error.details.get("member", ""), **error.details}
    reason = error.reason
    if reason in {"member_too_large", "total_too_large", "ratio"}:
        return (
            _(
                "“%(name)s” was refused: once decompressed it would be far larger than the file "
                "itself (part %(member)s), as in a “zip bomb”."
            )
            % details
        )
    if reason == "too_many_members":
        return _("“%(name)s” was refused: it holds %(size)d parts (at most %(limit)d).") % details
    if reason in {"xml_entity", "xml_encoding"}:
        return (
            _(
                "“%(name)s” was refused: part %(member)s declares XML entities or is not "
                "UTF-8 XML, which office programs never write."
            )
            % details
        )
    if reason in {"compression", "encrypted"}:
        return (
            _(
                "“%(name)s” was refused: part %(member)s is encrypted or compressed in a way "
                "office programs do not use."
            )
            % details
        )
    if reason == "not_zip":
        return _("“%(name)s” is not a valid DOCX or XLSX file.") % details
    return (
        _("“%(name)s” is damaged: the content of part %(member)s does not match its header.")
        % details
    )


def archive_problem(data: bytes, name: str, limits: Limits | None = None) -> str | None:
    """``None`` when the zip-based file ``data`` is safe to parse, else the translated reason."""
    try:
        check_zip(data, limits)
    except UnsafeArchive as error:
        return refusal_message(error, name)
    return None


def stored_file_response(request, stored, filename: str, *, back_url: str = "") -> HttpResponse:
    """Send a stored file as a download; a file missing from storage (a database restored
    without its media) is a 404 page that says so, not a server error."""
    try:
        handle = stored.open("rb")
    except OSError:
        context = {"name": filename, "back_url": back_url}
        return render(request, "file_missing.html", context, status=404)
    return FileResponse(handle, as_attachment=True, filename=filename)

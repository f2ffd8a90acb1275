"""Agencies named in Vietnamese text, mapped to CamKet's agencies (former ones to successors).

The reading itself is :mod:`lawcore.extraction.assignments`, a pure function of the text and of
the agency list; this module builds that list from the database: every agency with its Vietnamese
and English names and its abbreviation, and, for an agency that no longer exists, the agency that
took its work over (``Agency.successor`` where the agencies app records one).
"""

from __future__ import annotations

from camket.agencies.models import Agency
from lawcore.extraction.assignments import AgencyName, Assignment, read_assignment


def agency_names() -> list[AgencyName]:
    """Every agency as :class:`AgencyName`, successors by code."""
    names = []
    has_successor = any(f.name == "successor" for f in Agency._meta.get_fields())
    related = ("successor",) if has_successor else ()
    for agency in Agency.objects.select_related(*related).order_by("pk"):
        successor = agency.successor.code if has_successor and agency.successor_id else None
        written = [agency.name_vi, agency.name_en]
        if len(agency.abbreviation) >= 3:
            written.append(agency.abbreviation)
        names.append(AgencyName(agency.code, tuple(n for n in written if n), successor))
    return names


def read_agencies(text: str, names: list[AgencyName] | None = None) -> tuple[Assignment, dict]:
    """The assignment read from ``text`` and the :class:`Agency` of every code it names."""
    assignment = read_assignment(text, names if names is not None else agency_names())
    codes = {a.code for a in (*assignment.lead, *assignment.cooperating)}
    codes |= {a.as_named for a in (*assignment.lead, *assignment.cooperating)}
    return assignment, Agency.objects.in_bulk(codes, field_name="code")

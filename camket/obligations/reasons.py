"""Why the assistant proposed an obligation, in the reader's language.

``lawcore.extraction`` explains each proposal in English notes for developers (``marker 'shall'
(binding)``, ``date: 'within three years' → relative P3Y …``). A page shows what an officer can
check instead: the kind of note in words and the words it found, quoted as written in the text.
Notes of other kinds (the machine's internal readings) are not shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FORCES = {
    "binding": gettext_lazy("binding"),
    "prohibition": gettext_lazy("prohibition"),
    "best effort": gettext_lazy("best effort"),
    "political commitment": gettext_lazy("political commitment"),
    "right or permission": gettext_lazy("right or permission"),
}
MARKER = re.compile(r"marker '(?P<quote>.+?)' \((?P<force>[^)]+)\)")
QUOTED = {
    "addressee": (re.compile(r"addressee: .*?\('(?P<quote>.*)'\)"), gettext_lazy("Addressee")),
    "date": (re.compile(r"date: '(?P<quote>.*?)' →"), gettext_lazy("Time limit")),
    "schedule": (re.compile(r"schedule: .*\('(?P<quote>.*)'\)"), gettext_lazy("Phased schedule")),
}


@dataclass(frozen=True)
class Reason:
    label: str
    quote: str
    lang: str  # of the quote: the text's language


def readable_reasons(notes: list[str]) -> list[Reason]:
    """The notes of ``lawcore.extraction`` an officer can check, in words (see module doc)."""
    found = []
    for note in notes or []:
        if note.startswith("task: "):
            found.append(Reason(_("A task: an agency and what it must do"), "", ""))
            continue
        if match := MARKER.match(note):
            force = FORCES.get(match["force"], match["force"])
            label = _("Obligation marker (%(force)s)") % {"force": force}
            found.append(Reason(label, match["quote"], _lang(match["quote"])))
            continue
        for pattern, label in QUOTED.values():
            if match := pattern.match(note):
                found.append(Reason(str(label), match["quote"], _lang(match["quote"])))
                break
    return found


VIETNAMESE_LETTERS = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE
)


def _lang(text: str) -> str:
    """The language of a quote: Vietnamese when it has a letter outside ASCII, else English."""
    return "vi" if VIETNAMESE_LETTERS.search(text) else "en"

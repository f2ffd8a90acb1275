"""Obligation-extraction assistant: candidate obligations from treaty provisions and leaders'
statements (English and Vietnamese), statement action items and lead-agency suggestions.

Nothing becomes an obligation automatically: every function returns proposals with reasons.
"""

from lawcore.extraction.agencies import AgencySuggestion, detect_sectors, suggest_lead_agency
from lawcore.extraction.core import (
    STATEMENT,
    TREATY,
    CandidateObligation,
    classify_sentence,
    detect_language,
    extract_obligations,
)
from lawcore.extraction.dates import DatePhrase, PhasedSchedule, find_dates, find_schedules
from lawcore.extraction.markers import Modality
from lawcore.extraction.parties import Addressee, find_addressees
from lawcore.extraction.sentences import Sentence, split_sentences
from lawcore.extraction.statements import ActionItem, statement_action_items

__all__ = [
    "STATEMENT",
    "TREATY",
    "ActionItem",
    "Addressee",
    "AgencySuggestion",
    "CandidateObligation",
    "DatePhrase",
    "Modality",
    "PhasedSchedule",
    "Sentence",
    "classify_sentence",
    "detect_language",
    "detect_sectors",
    "extract_obligations",
    "find_addressees",
    "find_dates",
    "find_schedules",
    "split_sentences",
    "statement_action_items",
    "suggest_lead_agency",
]

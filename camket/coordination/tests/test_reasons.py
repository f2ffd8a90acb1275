"""Every reason code of the engine reads as its glossary label, in English and Vietnamese."""

from django.utils import translation

from camket.coordination.reasons import MSGIDS, reason_labels
from lawcore.overlap.reasons import LABELS


def test_every_reason_code_has_the_engines_labels_in_both_languages():
    assert set(MSGIDS) == set(LABELS)
    codes = list(LABELS)
    with translation.override("en"):
        assert reason_labels(codes) == [LABELS[c][0] for c in codes]
    with translation.override("vi"):
        assert reason_labels(codes) == [LABELS[c][1] for c in codes]
        assert reason_labels(["new_code"]) == ["Lý do khác"]  # never the code itself

"""Help shown under the form fields that use legal terms (issue 11, "help where it is needed").

One place for the texts, so the register, the obligations and the compatibility forms explain a
term the same way. Sources: Law on Treaties No. 108/2016/QH13 (art. 2: treaty, signature,
ratification, approval, accession), Law on International Agreements No. 70/2020/QH14 (art. 2, 8),
and the access rules of docs/decisions/0001-access-scoping.md for confidentiality.
``camket/tests/test_field_help.py`` fails when a form offers one of these choices without help.
"""

from django.utils.translation import gettext_lazy as _

COMMITMENT_KIND = _(
    "Treaty: concluded in the name of the State or the Government (Law on Treaties 2016). "
    "International agreement: concluded by a ministry, a province or another body under the "
    "Law on International Agreements 2020; it is not a treaty. Leaders' statement: a political "
    "commitment of top leaders, carried out through tasks."
)
COMMITMENT_LEVEL = _(
    "In whose name Viet Nam concluded it: the State or the Government for a treaty; the "
    "ministry, province or other body for an international agreement."
)
COMMITMENT_SCOPE = _(
    "Bilateral: with one partner. Regional: within a region (e.g. ASEAN). Multilateral: open "
    "to many countries or organisations."
)
CONFIDENTIALITY = _(
    "Public: every staff user reads it. Internal: the lead and supporting agencies, the "
    "national coordinator and observers. Restricted: only the lead and supporting agencies and "
    "the national coordinator."
)
EVENT_KIND = _(
    "A dated step: signature, ratification (by the National Assembly or the President), "
    "approval (by the Government), accession, entry into force, suspension, termination… "
    "The status of the commitment follows from these steps."
)
EVENT_INSTRUMENT = _(
    "The document that carried the step, with its number, e.g. Resolution No. 72/2018/QH14."
)
MODALITY = _(
    "Binding obligation (“shall”); prohibition (“shall not”); best effort (“endeavour to”); "
    "right or permission (“may”); political commitment (no legal obligation)."
)
ADDRESSEE = _(
    "Who must act: Viet Nam, each party, all parties together, a named partner, or both sides "
    "of a leaders' statement."
)
RESPONSE = _(
    "For recommendations of an international review (e.g. the UPR): Viet Nam's answer. Leave "
    "“Not applicable” for treaty obligations."
)
RELATION = _(
    "How the domestic provision covers the obligation: equally, less (the law must be "
    "extended), more, only partly, or not at all."
)
VERDICT = _(
    "Compatible; partly compatible; conflicting (the law must be amended); gap (no domestic "
    "provision: a new one is needed); needs guidance (a guiding document is needed)."
)

"""Sample consultation and feedback of the demo ("dữ liệu mẫu").

Comments and feedback from the public cannot come from a public source, so the demo's are
written by CamKet and flagged ``is_sample``; every page and file that shows one says so with
:data:`SAMPLE_NOTICE` (``templates/consultation/_sample_note.html``).
"""

from django.utils.translation import gettext_lazy as _

SAMPLE_NOTICE = _(
    "Consultations, comments and feedback marked “sample data” were written by CamKet to "
    "demonstrate public consultation. They are not submissions of any person or organisation."
)

"""How every form renders: a required field says so to assistive technology as well.

``FORM_RENDERER`` points here, so each form of the project (and of the admin) gets these bound
fields without a change of its own; ``_form_fields.html`` adds the visible mark.
"""

from __future__ import annotations

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


class MarkedBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if attrs.get("required"):
            attrs["aria-required"] = "true"
        return attrs


class Renderer(DjangoTemplates):
    bound_field_class = MarkedBoundField

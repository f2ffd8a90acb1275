"""Every group of checkboxes or radios, on public and staff forms alike, has an accessible name.

``_form_fields.html`` renders every form of the project; a group has no single input for a
``<label for>`` to name (Django leaves ``id_for_label`` empty), so it is a fieldset named by its
legend (WCAG 2.1 1.3.1, 4.1.2).
"""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string

from camket.monitoring.forms import CommitmentPicker

CHOICES = [("a", "A"), ("b", "B")]


class Everything(forms.Form):
    many = forms.MultipleChoiceField(
        label="Many", choices=CHOICES, widget=forms.CheckboxSelectMultiple
    )
    one = forms.ChoiceField(label="One", choices=CHOICES, widget=forms.RadioSelect)
    text = forms.CharField(label="Text")
    single = forms.ChoiceField(label="Single", choices=CHOICES)


def test_every_group_of_choices_is_a_fieldset_named_by_its_legend():
    html = render_to_string("_form_fields.html", {"form": Everything()})
    assert 'for=""' not in html
    legends = re.findall(r"<fieldset[^>]*>\s*<legend>([^<*]+)", html)
    assert [name.strip() for name in legends] == ["Many", "One"]
    assert '<label for="id_text">Text' in html
    assert '<label for="id_single">Single' in html


def test_the_commitment_picker_is_a_group_too():
    """The staff forms' searchable commitment checkboxes render through the same template."""
    assert CommitmentPicker.use_fieldset

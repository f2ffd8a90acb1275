"""The subscribe form: an e-mail address, topics and events (no account, create-only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from camket.portal import visibility
from camket.portal.opendata.models import EventKind, Subscription


class SubscribeForm(forms.Form):
    """Create-only: a subscription is never edited, only confirmed or cancelled."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send a confirmation link first; nothing else until you open it."),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), required=False, widget=forms.CheckboxSelectMultiple
    )
    partners = forms.MultipleChoiceField(
        label=_("Partners"),
        required=False,
        help_text=_("Leave sectors and partners empty to follow every public commitment."),
    )
    commitments = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)
    event_kinds = forms.MultipleChoiceField(
        label=_("Events"),
        required=False,
        choices=EventKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to receive every kind of event."),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mails"),
        choices=[("vi", _("Vietnamese")), ("en", _("English"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].choices = [(s.code, s.name) for s in visibility.public_sectors()]
        self.fields["partners"].choices = [(p.code, p.name) for p in visibility.public_partners()]
        wanted = self.data.getlist("commitments") if self.data else self.initial.get("commitments")
        public = visibility.public_commitments().filter(code__in=wanted or [])
        self.fields["commitments"].choices = [(c.code, c.title) for c in public]
        self.followed = list(public)

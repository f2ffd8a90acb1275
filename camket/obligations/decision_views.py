"""The page that turns a decision's table of assignments (DOCX/PDF) into an action plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from camket.obligations import permissions
from camket.obligations.decision_import import DecisionImportForm, import_decision


@login_required
def plan_import_decision(request):
    if not permissions.can_create_plan(request.user):
        raise Http404
    form = DecisionImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_decision(
                upload.read(),
                upload.name,
                instrument_number=form.cleaned_data["instrument_number"],
                instrument_on=form.cleaned_data["instrument_on"],
                title_vi=form.cleaned_data["title_vi"],
                agency=form.cleaned_data["agency"].code,
                acting_user=request.user,
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            for message in error.messages[:200]:
                form.add_error(None, message)
        else:
            if result.created:
                messages.success(
                    request,
                    _("The decision became a plan with %(count)d tasks.") % {"count": result.tasks},
                )
            else:
                messages.info(request, _("This decision was imported before; nothing was changed."))
            return redirect(result.plan)
    return render(request, "obligations/plan_import_decision.html", {"form": form})

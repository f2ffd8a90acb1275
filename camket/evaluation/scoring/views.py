"""Scorecards, rankings, criteria sets and indicators (issue 13 items 1–3).

Scoped fetches go through ``access.py`` and ``visible_to``; the records a figure counts are
listed only where the reader may open them.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from camket.agencies.permissions import is_coordinator
from camket.compatibility.models import LegislativeAction, ProvisionLink
from camket.evaluation.scoring import actions, adapters, explain
from camket.evaluation.scoring.access import (
    access_criteria_set,
    access_indicator,
    access_score,
    access_scorecard,
)
from camket.evaluation.scoring.exports import ranking_sheet, scorecard_sheets, xlsx_response
from camket.evaluation.scoring.forms import (
    ComputeForm,
    CriterionEditForm,
    CriterionForm,
    ImportForm,
    IndicatorForm,
    IndicatorValueForm,
    OverrideForm,
    RatingForm,
)
from camket.evaluation.scoring.importing import read_value_rows
from camket.evaluation.scoring.models import (
    CriteriaSet,
    Criterion,
    Indicator,
    IndicatorValue,
    Scorecard,
    Subject,
)
from camket.monitoring.models import ProgressReport, ReportingCycle
from camket.monitoring.sample import any_sample, with_sample_sheet
from camket.monitoring.stats import visible_cycles
from camket.querystring import id_param, page_param, reads_query, text_param
from camket.registry.models import Commitment
from camket.uploads import archive_problem
from camket.versioning import EditConflict, form_status, save_or_conflict

PAGE_SIZE = 50


def _approved_sets():
    return CriteriaSet.objects.filter(status=CriteriaSet.Status.APPROVED).order_by(
        "-approved_at", "-pk"
    )


def _choose_cycle(request, cycles):
    pk = id_param(request.GET, "cycle")
    if pk is not None:
        return next((c for c in cycles if c.pk == pk), None)
    scored = set(Scorecard.objects.values_list("cycle_id", flat=True).distinct()[:200])
    return next((c for c in cycles if c.pk in scored), cycles[0] if cycles else None)


@login_required
@reads_query("cycle", "subject", "set", "export", "page")
def scorecard_list(request):
    """The ranking of one subject kind in one cycle, best first, with its caveats."""
    cycles = list(visible_cycles(request.user).order_by("-ends_on", "-pk")[:40])
    cycle = _choose_cycle(request, cycles)
    subject = text_param(request.GET, "subject") or Subject.COMMITMENT
    if subject not in Subject.values:
        subject = Subject.COMMITMENT
    sets = list(_approved_sets())
    set_pk = id_param(request.GET, "set")
    criteria_set = next((s for s in sets if s.pk == set_pk), sets[0] if sets else None)
    cards = Scorecard.objects.none()
    if cycle is not None and criteria_set is not None:
        cards = (
            Scorecard.objects.visible_to(request.user)
            .filter(criteria_set=criteria_set, cycle=cycle, subject=subject)
            .order_by(F("total").desc(nulls_last=True), "label", "pk")
        )
    # The cycle picker names every cycle: a sample one makes the page sample.
    sample = any_sample([cycle, *cycles])
    if request.GET.get("export") == "xlsx" and cycle is not None:
        sheets = with_sample_sheet([ranking_sheet(cards, subject)], sample)
        return xlsx_response(_("Ranking of scorecards"), sheets)
    page = Paginator(cards, PAGE_SIZE).get_page(page_param(request.GET))
    first_rank = (page.number - 1) * PAGE_SIZE + 1
    context = {
        "cycles": cycles,
        "cycle": cycle,
        "subject": subject,
        "subjects": Subject.choices,
        "sets": sets,
        "criteria_set": criteria_set,
        "page": page,
        "ranked": [(first_rank + i, card) for i, card in enumerate(page.object_list)],
        "query_base": _query_base(cycle, subject, criteria_set),
        "caveats": explain.RANKING_CAVEATS,
        "can_compute": is_coordinator(request.user) and criteria_set is not None,
        "sample_data": sample,
    }
    return render(request, "scoring/scorecard_list.html", context)


def _query_base(cycle, subject, criteria_set) -> str:
    if cycle is None or criteria_set is None:
        return ""
    return urlencode({"cycle": cycle.pk, "subject": subject, "set": criteria_set.pk})


@login_required
@require_POST
def compute(request):
    """Compute the scorecards of a cycle under an approved criteria set (coordinators)."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    form = ComputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reporting cycle and a criteria set."))
        return redirect("scoring:scorecard-list")
    criteria_set = access_criteria_set(request.user, form.cleaned_data["criteria_set"])
    cycle = ReportingCycle.objects.filter(pk=form.cleaned_data["cycle"]).first()
    if cycle is None:
        messages.error(request, _("This reporting cycle no longer exists."))
        return redirect("scoring:scorecard-list")
    try:
        counts = actions.compute_scorecards(criteria_set, cycle, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Scorecards computed: %(created)s new, %(updated)s updated, %(frozen)s frozen "
                "and kept as they were."
            )
            % counts,
        )
    return redirect(f"{reverse('scoring:scorecard-list')}?cycle={cycle.pk}")


def _rows(card: Scorecard) -> list[dict]:
    # The rows a score counted (its provenance) can be large: a page never reads them.
    scores = {s.criterion_id: s for s in card.scores.defer("counted", "met", "skipped")}
    rows = []
    for criterion in card.criteria_set.criteria.filter(subject=card.subject):
        score = scores.get(criterion.pk)
        rows.append(
            {
                "criterion": criterion,
                "score": score,
                "formula_title": explain.formula_title(criterion.formula),
                "formula_text": explain.formula_text(criterion.formula),
                "can_list": bool(score and adapters.counted_model(score.formula)),
            }
        )
    return rows


@login_required
@reads_query("export")
def scorecard_detail(request, pk: int):
    card = access_scorecard(request.user, pk)
    can_rate = is_coordinator(request.user) and not card.is_frozen
    form = None
    if request.method == "POST":
        if not can_rate:
            raise PermissionDenied
        form = RatingForm(request.POST)
        if form.is_valid():
            criterion = card.criteria_set.criteria.filter(pk=form.cleaned_data["criterion"]).first()
            try:
                if criterion is None:
                    raise ValidationError(_("This criterion is not rated on this scorecard."))
                actions.rate_score(
                    card,
                    criterion,
                    rating=form.cleaned_data["rating"],
                    reason=form.cleaned_data["reason"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Rating saved."))
                return redirect(card)
    rows = _rows(card)
    sample = card.cycle.is_sample
    if request.GET.get("export") == "xlsx":
        return xlsx_response(card.label, with_sample_sheet(scorecard_sheets(card, rows), sample))
    chart = explain.bar_chart(
        [(r["criterion"].name, r["score"].normalised if r["score"] else None) for r in rows]
    )
    context = {
        "card": card,
        "rows": rows,
        "chart": chart,
        "can_rate": can_rate,
        "form": form,
        "rating_form": RatingForm(),
        "normalise_text": explain.NORMALISE_TEXT,
        "sample_data": sample,
    }
    return render(request, "scoring/scorecard_detail.html", context)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


RECORD_RELATIONS = {
    ProgressReport: ("agency", "task", "commitment"),
    ProvisionLink: ("obligation", "provision"),
}


def _record(obj) -> tuple[str, str]:
    """A counted record's title (as its own pages show it) and link."""
    if isinstance(obj, ProvisionLink):
        kind = "obligation" if obj.obligation_id else "provision"
        target = obj.obligation if obj.obligation_id else obj.provision
        text = target.text if kind == "obligation" else (target.heading or target.text)
        title = f"{obj.get_verdict_display()}: {text[:160]}"
        return title, reverse(f"compatibility:{kind}-assess", args=[target.pk])
    if isinstance(obj, ProgressReport):
        return f"{obj.subject_title} · {obj.agency.name}", obj.get_absolute_url()
    if isinstance(obj, Commitment):
        return obj.title_vi, obj.get_absolute_url()
    if isinstance(obj, LegislativeAction):
        return str(obj), reverse("compatibility:action-update", args=[obj.pk])
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    return str(obj), url


@login_required
@reads_query("page", "met")
def score_records(request, pk: int):
    """The records one figure counts, those the reader may open, with whether each one met it."""
    score = access_score(request.user, pk)
    model = adapters.counted_model(score.formula)
    if model is None:
        raise PermissionDenied
    only_met = text_param(request.GET, "met") == "1"
    # A figure may count 300,000 records: page through its ids, then ask which of the page's
    # ids the reader may open (an IN of a hundred, whatever the engine's limit on parameters).
    ids = sorted(score.met if only_met else score.counted)
    page = Paginator(ids, 100).get_page(page_param(request.GET))
    readable = model.objects.visible_to(request.user).filter(pk__in=list(page.object_list))
    shown = {obj.pk: obj for obj in readable.select_related(*RECORD_RELATIONS.get(model, ()))}
    met = set(score.met)
    records = [(pk in met, *_record(shown[pk])) for pk in page.object_list if pk in shown]
    context = {
        "score": score,
        "card": score.scorecard,
        "page": page,
        "records": records,
        "hidden": len(page.object_list) - len(records),
        "only_met": only_met,
        "formula_text": explain.formula_text(score.formula),
        "sample_data": score.scorecard.cycle.is_sample,
    }
    return render(request, "scoring/score_records.html", context)


@login_required
def criteria_list(request):
    sets = CriteriaSet.objects.order_by("code", "-number")
    return render(
        request,
        "scoring/criteria_list.html",
        {"sets": sets, "can_manage": is_coordinator(request.user)},
    )


@login_required
def criteria_detail(request, pk: int):
    criteria_set = access_criteria_set(request.user, pk)
    can_manage = is_coordinator(request.user)
    form = CriterionForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        verb = request.POST.get("verb", "")
        try:
            if verb == "approve":
                actions.approve_criteria_set(
                    criteria_set,
                    acting_user=request.user,
                    version=id_param(request.POST, "version"),
                )
                messages.success(request, _("Criteria set approved: it can no longer change."))
                return redirect(criteria_set)
            if verb == "new_version":
                draft = actions.new_version(criteria_set, acting_user=request.user)
                messages.success(request, _("New draft version created."))
                return redirect(draft)
            form = CriterionForm(request.POST)
            if form.is_valid():
                actions.add_criterion(criteria_set, form.data_for(), acting_user=request.user)
                messages.success(request, _("Criterion added."))
                return redirect(criteria_set)
        except EditConflict:
            messages.error(request, _("Someone changed this criteria set meanwhile: reload."))
        except ValidationError as error:
            _add_errors(form, error)
    criteria = list(criteria_set.criteria.all())
    for criterion in criteria:
        criterion.formula_title = explain.formula_title(criterion.formula)
        criterion.formula_text = explain.formula_text(criterion.formula)
    labels = dict(Subject.choices)
    context = {
        "criteria_set": criteria_set,
        "criteria": criteria,
        "can_manage": can_manage,
        "can_change": can_manage and not criteria_set.is_frozen,
        "form": form,
        "weight_totals": [(labels[s], t) for s, t in actions.weight_totals(criteria_set)],
    }
    return render(request, "scoring/criteria_detail.html", context)


def _criterion_for_change(request, pk: int) -> tuple[Criterion, bool]:
    """(the criterion ``pk``, whether it may change) for a coordinator: 403 for anyone else,
    404 when missing; a criterion of an approved (frozen) set may not, and the page says so."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    criterion = Criterion.objects.select_related("criteria_set").filter(pk=pk).first()
    if criterion is None:
        raise Http404(pk)
    if criterion.criteria_set.is_frozen:
        messages.error(request, _("An approved criteria set cannot change: make a new version."))
        return criterion, False
    return criterion, True


@login_required
def criterion_edit(request, pk: int):
    """Edit a criterion of a draft set (coordinators); a stale form is refused (409)."""
    criterion, may_change = _criterion_for_change(request, pk)
    if not may_change:
        return redirect(criterion.criteria_set)
    form = CriterionEditForm(request.POST or None, criterion=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_or_conflict(
                form,
                lambda: actions.update_criterion(
                    criterion,
                    form.data_for(),
                    acting_user=request.user,
                    version=form.cleaned_data["version"],
                ),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if saved is not None:
                messages.success(request, _("Criterion saved."))
                return redirect(criterion.criteria_set)
            _show_criterion_conflict(form, pk)
    status = form_status(form, 400 if form.errors else 200)
    context = {"form": form, "criterion": criterion, "criteria_set": criterion.criteria_set}
    return render(request, "scoring/criterion_form.html", context, status=status)


def _show_criterion_conflict(form, pk: int) -> None:
    """Compare what was typed with the criterion as saved now, under the set's new version."""
    current = Criterion.objects.select_related("criteria_set").filter(pk=pk).first()
    if current is not None:
        current.version = current.criteria_set.version
    form.show_conflict(current)


@login_required
def criterion_remove(request, pk: int):
    """Ask, then remove a criterion of a draft set (coordinators); only the POST removes."""
    criterion, may_change = _criterion_for_change(request, pk)
    criteria_set = criterion.criteria_set
    if not may_change:
        return redirect(criteria_set)
    if request.method == "POST":
        try:
            actions.remove_criterion(
                criterion, acting_user=request.user, version=id_param(request.POST, "version")
            )
        except EditConflict:
            messages.error(request, _("Someone changed this criteria set meanwhile: reload."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Criterion removed."))
        return redirect(criteria_set)
    context = {"criterion": criterion, "criteria_set": criteria_set}
    return render(request, "scoring/criterion_confirm_remove.html", context)


def _latest_values(indicators) -> dict[int, IndicatorValue]:
    latest = {}
    values = IndicatorValue.objects.filter(indicator__in=indicators).order_by("year", "pk")
    for value in values.select_related("cycle"):
        latest[value.indicator_id] = value
    return latest


@login_required
@reads_query("commitment", "page")
def indicator_list(request):
    indicators = Indicator.objects.visible_to(request.user).select_related("commitment")
    code = text_param(request.GET, "commitment")
    commitment = None
    if code:
        commitment = Commitment.objects.visible_to(request.user).filter(code=code).first()
        indicators = indicators.filter(commitment=commitment)
    can_add = commitment is not None and actions.can_enter_indicators(request.user, commitment)
    form, import_form, import_errors = IndicatorForm(), None, []
    cycles = visible_cycles(request.user).order_by("-ends_on", "-pk")
    if request.method == "POST":
        if request.POST.get("verb") == "import":
            import_form, import_errors, done = _import(request, cycles)
            if done:
                return redirect(request.get_full_path())
        elif can_add:
            form = IndicatorForm(request.POST)
            if form.is_valid():
                try:
                    indicator = actions.save_indicator(
                        commitment, form.data_for(commitment), acting_user=request.user
                    )
                except ValidationError as error:
                    _add_errors(form, error)
                else:
                    messages.success(request, _("Indicator saved."))
                    return redirect(indicator)
        else:
            raise PermissionDenied
    page = Paginator(indicators.order_by("commitment__title_vi", "code"), PAGE_SIZE).get_page(
        page_param(request.GET)
    )
    latest = _latest_values(page.object_list)
    context = {
        "page": page,
        "rows": [(i, latest.get(i.pk)) for i in page.object_list],
        "commitment": commitment,
        "can_add": can_add,
        "form": form,
        "import_form": import_form or ImportForm(),
        "import_errors": import_errors,
        "cycles": cycles[:20],
        "sample_data": any(i.is_sample for i in page.object_list) or any_sample(cycles[:20]),
    }
    return render(request, "scoring/indicator_list.html", context)


def _import(request, cycles):
    form = ImportForm(request.POST, request.FILES)
    cycle = cycles.filter(pk=id_param(request.POST, "cycle") or 0).first()
    if not form.is_valid() or cycle is None:
        return form, [_("Choose a reporting cycle and an XLSX file.")], False
    upload = form.cleaned_data["file"]
    data = upload.read()
    problem = archive_problem(data, upload.name)
    if problem:
        return form, [problem], False
    try:
        rows = read_value_rows(data)
        counts = actions.import_indicator_values(rows, cycle, acting_user=request.user)
    except ValidationError as error:
        return form, error.messages, False
    messages.success(
        request,
        _("Import done: %(inserted)s new, %(updated)s updated, %(unchanged)s unchanged.") % counts,
    )
    return form, [], True


@login_required
def indicator_detail(request, pk: int):
    indicator = access_indicator(request.user, pk)
    can_enter = actions.can_enter_indicators(request.user, indicator.commitment)
    cycles = visible_cycles(request.user).order_by("-ends_on", "-pk")
    value_form = IndicatorValueForm(cycles=cycles)
    override_form = None
    if request.method == "POST":
        if not can_enter:
            raise PermissionDenied
        if request.POST.get("verb") == "override":
            override_form, done = _override(request, indicator)
            if done:
                return redirect(indicator)
        else:
            value_form = IndicatorValueForm(request.POST, cycles=cycles)
            if value_form.is_valid():
                actions.record_indicator_value(
                    indicator,
                    value_form.cleaned_data["cycle"],
                    actual=value_form.cleaned_data["actual"],
                    acting_user=request.user,
                )
                messages.success(request, _("Value recorded."))
                return redirect(indicator)
    values = list(indicator.values.select_related("cycle").order_by("year", "pk"))
    context = {
        "indicator": indicator,
        "values": [(v, _override_form_for(v, override_form)) for v in values],
        "can_enter": can_enter,
        "value_form": value_form,
        "override_form": override_form,
        "sample_data": indicator.is_sample
        or any_sample([v.cycle for v in values])
        or (can_enter and any_sample(cycles)),
    }
    return render(request, "scoring/indicator_detail.html", context)


def _override_form_for(value: IndicatorValue, failed) -> OverrideForm:
    """The override form of one value: the one that failed (with what was typed), or fresh."""
    if failed is not None and failed.data.get("value") == str(value.pk):
        return failed
    return OverrideForm(initial=_override_initial(value))


def _override_initial(value: IndicatorValue) -> dict:
    return {
        "value": value.pk,
        "version": value.version,
        "override": value.override,
        "override_reason": value.override_reason,
    }


def _override(request, indicator):
    form = OverrideForm(request.POST)
    if not form.is_valid():
        return form, False
    value = indicator.values.filter(pk=form.cleaned_data["value"]).first()
    if value is None:
        form.add_error(None, _("This value no longer exists."))
        return form, False
    try:
        actions.override_indicator_status(
            value,
            status=form.cleaned_data["override"],
            reason=form.cleaned_data["override_reason"],
            acting_user=request.user,
            version=form.cleaned_data["version"],
        )
    except EditConflict:
        form.add_error(None, _("Someone changed this value meanwhile: reload the page."))
        return form, False
    except ValidationError as error:
        _add_errors(form, error)
        return form, False
    messages.success(request, _("Status saved."))
    return form, True

"""Public pages (no login) and staff pages of consultation and feedback.

Public views read through ``public.py`` (and ``camket.portal.visibility`` for commitments); staff
views fetch through ``access.py``; every write is an action of ``actions.py``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from camket.agencies.models import agencies_for_work
from camket.downloads import file_response
from camket.portal import visibility
from camket.portal.consultation import access, actions, public, queues, report
from camket.portal.consultation.forms import (
    AnswerForm,
    CommentForm,
    ConsultationForm,
    DocumentForm,
    FeedbackAnswerForm,
    FeedbackForm,
    ReportForm,
    ScreenForm,
)
from camket.portal.consultation.models import Comment, Consultation, Feedback
from camket.querystring import id_list_param, id_param, page_param, reads_query, text_param
from camket.registry.models import Commitment
from camket.search import search
from camket.uploads import stored_file_response
from camket.versioning import EditConflict

PAGE_SIZE = 30
PICKER_LIMIT = 20


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _show_errors(form, error: ValidationError, renamed: dict[str, str] | None = None) -> None:
    """Put an action's refusal on the form: on its field when the form has it (``renamed``:
    the form's name of an action's field)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            name = (renamed or {}).get(name, name)
            target = name if name in form.fields else None
            for item in errors:
                form.add_error(target, item.messages[0] if hasattr(item, "messages") else item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _private(response):
    """A page only its link's holder reads: not cached, not indexed, no referrer sent."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


########## Public: consultations ##########


@reads_query("page")
def public_consultation_list(request):
    rows = Paginator(public.public_consultations(), PAGE_SIZE).get_page(page_param(request.GET))
    return render(
        request,
        "consultation/public_consultation_list.html",
        {"page": rows, "sample_rows": any(c.is_sample for c in rows)},
    )


def public_consultation(request, pk: int):
    consultation = public.public_consultation(pk)
    form = CommentForm(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        provision, question = form.target()
        data = actions.CommentData(
            author_kind=form.cleaned_data["author_kind"],
            email=form.cleaned_data["email"],
            text=form.cleaned_data["text"],
            author_name=form.cleaned_data["author_name"],
            organisation=form.cleaned_data["organisation"],
            is_anonymous=form.cleaned_data["is_anonymous"],
            provision=provision,
            question=question,
            language=translation.get_language(),
        )
        try:
            actions.submit_comment(consultation, data, address=_client_address(request))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you: your comment was received. It is published with the agency's "
                    "answer, and we e-mail you when the answers are published."
                ),
            )
            return redirect(consultation.get_public_url())
    context = {
        "consultation": consultation,
        "commitment": public.public_commitment_of(consultation),
        "comments": public.published_comments(consultation),
        "documents": consultation.documents.all(),
        "questions": consultation.questions.all(),
        "provisions": consultation.provisions.all(),
        "form": form,
        "is_open": consultation.is_open(),
        "sample_rows": consultation.is_sample,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "consultation/public_consultation_detail.html", context, status=status)


def public_document(request, pk: int, document: int):
    consultation = public.public_consultation(pk)
    row = get_object_or_404(consultation.documents, pk=document)
    return stored_file_response(request, row.file, row.name, back_url=consultation.get_public_url())


def public_report(request, pk: int):
    consultation = public.public_consultation(pk)
    if not consultation.report_is_published:
        raise Http404(pk)
    return file_response(report.render_docx(consultation), _report_title(consultation), "docx")


def _report_title(consultation: Consultation) -> str:
    return _("Explanation report %(title)s") % {"title": consultation.title}


########## Public: feedback ##########


@reads_query("page")
def public_feedback_list(request):
    rows = Paginator(public.published_feedback(), PAGE_SIZE).get_page(page_param(request.GET))
    for feedback in rows:
        feedback.public_text = public.masked(feedback.text)
        feedback.public_answer = public.masked(feedback.answer)
        feedback.public_subject = public.masked(feedback.subject)
        feedback.public_commitment = public.feedback_commitment(feedback)
    return render(
        request,
        "consultation/public_feedback_list.html",
        {"page": rows, "sample_rows": any(f.is_sample for f in rows)},
    )


@reads_query("commitment")
def feedback_create(request):
    """The form of a difficulty; ``?commitment=<code>`` (from a public commitment's page)
    chooses the commitment. Without scripts the picker's search posts the form back: it is
    redrawn with the matches and what was typed (attached files must be chosen again)."""
    if request.method == "POST" and FeedbackForm.searching(request.POST):
        typed = {k: v for k, v in request.POST.items() if k in FeedbackForm.base_fields}
        form = FeedbackForm(initial=typed, query=text_param(request.POST, "q"))
        return render(request, "consultation/feedback_form.html", {"form": form})
    initial = {}
    if code := text_param(request.GET, "commitment", max_length=120):
        chosen = visibility.public_commitments().filter(code=code).values_list("pk", flat=True)
        initial["commitment"] = chosen.first()
    form = FeedbackForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        commitment = form.cleaned_data["commitment"]
        data = actions.FeedbackData(
            submitter_kind=form.cleaned_data["submitter_kind"],
            email=form.cleaned_data["email"],
            subject=form.cleaned_data["subject"],
            text=form.cleaned_data["text"],
            submitter_name=form.cleaned_data["submitter_name"],
            organisation=form.cleaned_data["organisation"],
            is_anonymous=form.cleaned_data["is_anonymous"],
            commitment=commitment.code if commitment else "",
            uploads=form.cleaned_data["attachments"],
            language=translation.get_language(),
        )
        try:
            submitted = actions.submit_feedback(data, address=_client_address(request))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your feedback was received. Keep the address of this page: it is your "
                    "private link (we also e-mailed it to you)."
                ),
            )
            return redirect(submitted.private_path)
    status = 400 if request.method == "POST" else 200
    return render(request, "consultation/feedback_form.html", {"form": form}, status=status)


@require_GET
@reads_query("q", "commitment")
def feedback_commitment_picker(request):
    """At most ``CommitmentPicker.LIMIT`` public commitments matching ``q``, as the feedback
    form's picker answers (the one already chosen, ``commitment``, is left out)."""
    form = FeedbackForm(query=text_param(request.GET, "q"))
    field = form["commitment"]
    chosen = [str(pk) for pk in id_list_param(request.GET, field.html_name)]
    html = field.field.widget.render_options(field.html_name, chosen, {"id": field.auto_id})
    return HttpResponse(html)


def feedback_private(request, token: str):
    """The submitter's page: only the holder of the token reads it; any other token is 404."""
    feedback = (
        Feedback.objects.filter(token_hash=actions.token_hash(token))
        .select_related("assigned_agency")
        .first()
    )
    if feedback is None:
        raise Http404("feedback")
    context = {
        "feedback": feedback,
        "commitment": public.feedback_commitment(feedback),
        "attachments": feedback.attachments.all(),
        "sample_rows": feedback.is_sample,
    }
    return _private(render(request, "consultation/feedback_private.html", context))


########## Staff: queue ##########


@login_required
def queue(request):
    board = queues.build_queue(request.user)
    return render(
        request,
        "consultation/queue.html",
        {
            "queue": board,
            "can_open": access.can_open_consultation(request.user),
            "sample_rows": board.shows_sample,
        },
    )


@login_required
@reads_query("page")
def consultation_list(request):
    rows = Consultation.objects.visible_to(request.user).select_related("lead_agency")
    page = Paginator(rows.order_by("-opens_on", "-pk"), PAGE_SIZE).get_page(page_param(request.GET))
    return render(
        request,
        "consultation/consultation_list.html",
        {"page": page, "sample_rows": any(c.is_sample for c in page)},
    )


def _consultable(user):
    return Commitment.objects.editable_by(user).exclude(
        confidentiality=Commitment.Confidentiality.RESTRICTED
    )


def _proposals_to_consult(user, commitment):
    """The open proposals of ``commitment`` that ``user`` may read (camket.evaluation)."""
    from camket.evaluation.models import Proposal

    return (
        Proposal.objects.visible_to(user)
        .filter(commitment=commitment)
        .open()
        .select_related("proposing_agency")
        .order_by("-created_at", "-pk")
    )


def _create_url(commitment, **query) -> str:
    url = reverse("consultation:consultation-create", args=[commitment.code])
    return f"{url}?{urlencode(query)}" if query else url


def proposal_panel(user, proposal) -> dict:
    """What a proposal's page shows of this app: its consultations the user may read (with the
    public report once published) and, for whoever may open one on its commitment, the link
    to a form with the commitment and the proposal chosen."""
    rows = list(
        Consultation.objects.visible_to(user)
        .filter(proposal_id=proposal.pk)
        .order_by("-opens_on", "-pk")
    )
    may_open = (
        access.can_open_consultation(user)
        and proposal.status != proposal.Status.DECIDED
        and _consultable(user).filter(pk=proposal.commitment_id).exists()
    )
    url = _create_url(
        proposal.commitment, subject=Consultation.Subject.PROPOSAL, proposal=proposal.pk
    )
    return {"consultations": rows, "open_url": url if may_open else ""}


def plan_links(user, plan, commitments) -> list[tuple[object, str]]:
    """For a draft implementation plan's page: (commitment, link) for each of ``commitments``
    (those of the plan the user reads) on which the user may open a consultation on the plan."""
    if plan.status == plan.Status.APPROVED or not access.can_open_consultation(user):
        return []  # a draft is consulted on, not an approved plan
    if not _editor_agencies(user).filter(pk=plan.agency_id).exists():
        return []
    consultable = _consultable(user).filter(pk__in=[c.pk for c in commitments])
    return [
        (c, _create_url(c, subject=Consultation.Subject.PLAN, plan=plan.code))
        for c in consultable.order_by("code")
    ]


@login_required
@reads_query("q")
def consultation_start(request):
    """Find the commitment to consult on: a search over those the user's agency leads."""
    if not access.can_open_consultation(request.user):
        raise Http404("consultation")
    query = text_param(request.GET, "q")
    found = list(search(_consultable(request.user), query)[:PICKER_LIMIT]) if query else []
    return render(request, "consultation/consultation_start.html", {"query": query, "found": found})


@login_required
@reads_query("subject", "proposal", "plan")
def consultation_create(request, code: str):
    """The form of a consultation on ``code``; ``?subject=proposal&proposal=<pk>`` (from a
    proposal's page) or ``?subject=plan&plan=<code>`` (from a plan's page) chooses for it."""
    if not access.can_open_consultation(request.user):
        raise Http404(code)
    commitment = _consultable(request.user).filter(code=code).first()
    if commitment is None:
        raise Http404(code)
    plans = commitment.action_plans.filter(agency__in=_editor_agencies(request.user))
    proposals = _proposals_to_consult(request.user, commitment)
    initial = {}
    if (subject := text_param(request.GET, "subject")) in Consultation.Subject.values:
        initial["subject"] = subject
    if (proposal := id_param(request.GET, "proposal")) is not None:
        initial["proposal"] = proposal
    if plan := text_param(request.GET, "plan"):
        initial["plan"] = plan
    form = ConsultationForm(
        request.POST or None,
        request.FILES or None,
        plans=plans,
        proposals=proposals,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        documents = []
        if data["document"]:
            documents.append(actions.DocumentData(data["document_title"], data["document"]))
        try:
            consultation = actions.open_consultation(
                actions.ConsultationData(
                    subject=data["subject"],
                    commitment=commitment.code,
                    title=data["title"],
                    summary=data["summary"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    audiences=data["audiences"],
                    questions=data["questions"].splitlines(),
                    plan=data["plan"],
                    proposal_id=data["proposal"],
                    with_provisions=data["with_provisions"],
                ),
                acting_user=request.user,
                documents=documents,
            )
        except ValidationError as error:
            _show_errors(form, error, renamed={"proposal_id": "proposal"})
        else:
            messages.success(request, _("The consultation is open to the public."))
            return redirect(consultation.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "commitment": commitment}
    return render(request, "consultation/consultation_form.html", context, status=status)


def _editor_agencies(user):
    from camket.agencies.permissions import scope_of

    scope = scope_of(user)
    if scope.is_national:
        return agencies_for_work()
    return agencies_for_work().filter(pk__in=scope.editor_agency_ids)


@login_required
def consultation_detail(request, pk: int, answer_forms=None, report_form=None, doc_form=None):
    consultation = access.access_consultation(request.user, pk)
    can_edit = access.can_edit_consultation(request.user, consultation)
    comments = list(consultation.comments.select_related("provision", "question"))
    answer_forms = answer_forms or {}
    for comment in comments:
        comment.form = answer_forms.get(comment.pk) or AnswerForm(
            initial={
                "version": comment.version,
                "outcome": comment.outcome,
                "reason": comment.reason,
            },
            prefix=f"c{comment.pk}",
        )
    commitment = Commitment.objects.visible_to(request.user).filter(pk=consultation.commitment_id)
    context = {
        "consultation": consultation,
        "commitment": commitment.first(),
        "comments": comments,
        "documents": consultation.documents.all(),
        "questions": consultation.questions.all(),
        "provisions_count": consultation.provisions.count(),
        "can_edit": can_edit and not consultation.report_is_published,
        "shows_contacts": can_edit,
        "can_publish": can_edit
        and not consultation.report_is_published
        and consultation.has_closed(),
        "report_form": report_form or ReportForm(),
        "doc_form": doc_form or DocumentForm(),
        "due_on": queues.comments_due_on(consultation),
        "sample_rows": consultation.is_sample,
    }
    status = 400 if (answer_forms or report_form or doc_form) else 200
    return render(request, "consultation/consultation_detail.html", context, status=status)


@login_required
@require_POST
def comment_answer(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("consultation"), pk=pk)
    consultation = access.access_consultation(request.user, comment.consultation_id)
    form = AnswerForm(request.POST, prefix=f"c{comment.pk}")
    if form.is_valid():
        try:
            actions.answer_comment(
                comment,
                form.cleaned_data["outcome"],
                form.cleaned_data["reason"],
                acting_user=request.user,
                version=form.cleaned_data["version"],
            )
        except PermissionDenied:
            raise Http404(pk) from None
        except EditConflict:
            form.add_error(
                None, _("Someone answered this comment since you opened the page: reload it.")
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The answer is saved."))
            return redirect(consultation.get_absolute_url() + f"#comment-{comment.pk}")
    return consultation_detail(request, consultation.pk, answer_forms={comment.pk: form})


@login_required
@require_POST
def report_publish(request, pk: int):
    consultation = access.access_consultation(request.user, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            actions.publish_report(
                consultation, form.cleaned_data["report_summary"], acting_user=request.user
            )
        except PermissionDenied:
            raise Http404(pk) from None
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The explanation report is published."))
            return redirect(consultation.get_absolute_url())
    return consultation_detail(request, pk, report_form=form)


@login_required
@require_POST
def document_add(request, pk: int):
    consultation = access.access_consultation(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_consultation_document(
                consultation,
                actions.DocumentData(form.cleaned_data["title"], form.cleaned_data["file"]),
                acting_user=request.user,
            )
        except PermissionDenied:
            raise Http404(pk) from None
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The document is published with the consultation."))
            return redirect(consultation.get_absolute_url())
    return consultation_detail(request, pk, doc_form=form)


@login_required
def report_download(request, pk: int):
    """The explanation report as it stands (a draft until published)."""
    consultation = access.access_consultation(request.user, pk)
    return file_response(report.render_docx(consultation), _report_title(consultation), "docx")


########## Staff: feedback ##########


@login_required
@reads_query("page", "status")
def feedback_list(request):
    rows = Feedback.objects.visible_to(request.user).select_related("assigned_agency")
    status = text_param(request.GET, "status")
    if status in Feedback.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(page_param(request.GET))
    return render(
        request,
        "consultation/feedback_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Feedback.Status.choices,
            "query_base": f"status={status}" if status else "",
            "sample_rows": any(f.is_sample for f in page),
        },
    )


@login_required
def feedback_detail(request, pk: int, screen_form=None, answer_form=None):
    feedback = access.access_feedback(request.user, pk)
    commitment = None
    if feedback.commitment_id:
        readable = Commitment.objects.visible_to(request.user)
        commitment = readable.filter(pk=feedback.commitment_id).first()
    duplicate = None
    if feedback.possible_duplicate_of_id:
        duplicate = Feedback.objects.visible_to(request.user).filter(
            pk=feedback.possible_duplicate_of_id
        )
        duplicate = duplicate.first()
    can_screen = access.can_screen_feedback(request.user) and (
        feedback.status == Feedback.Status.RECEIVED
    )
    suggested = commitment.lead_agency.code if commitment else ""
    context = {
        "feedback": feedback,
        "commitment": commitment,
        "duplicate": duplicate,
        "attachments": feedback.attachments.all(),
        "can_screen": can_screen,
        "can_answer": access.can_answer_feedback(request.user, feedback),
        "can_close": access.can_close_feedback(request.user, feedback),
        "can_raise": access.can_answer_feedback(request.user, feedback)
        and feedback.commitment_id is not None
        and not feedback.issue_url,
        "screen_form": screen_form
        or ScreenForm(
            initial={"version": feedback.version, "agency": suggested},
            agencies=agencies_for_work().order_by("kind", "name_vi") if can_screen else (),
        ),
        "answer_form": answer_form
        or FeedbackAnswerForm(
            initial={
                "version": feedback.version,
                "answer": feedback.answer,
                "is_confidential": feedback.is_confidential,
            }
        ),
        "sample_rows": feedback.is_sample,
    }
    status = 400 if (screen_form or answer_form) else 200
    return render(request, "consultation/feedback_detail.html", context, status=status)


@login_required
@require_POST
def feedback_screen(request, pk: int):
    feedback = access.access_feedback(request.user, pk)
    form = ScreenForm(request.POST, agencies=agencies_for_work())
    if form.is_valid():
        try:
            actions.screen_feedback(
                feedback,
                acting_user=request.user,
                agency=form.cleaned_data["agency"],
                refusal=form.cleaned_data["refusal"],
                version=form.cleaned_data["version"],
            )
        except PermissionDenied:
            raise Http404(pk) from None
        except EditConflict:
            form.add_error(None, _("Someone screened this feedback since you opened the page."))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The feedback is screened."))
            return redirect(feedback.get_absolute_url())
    return feedback_detail(request, pk, screen_form=form)


@login_required
@require_POST
def feedback_answer(request, pk: int):
    feedback = access.access_feedback(request.user, pk)
    form = FeedbackAnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.answer_feedback(
                feedback,
                form.cleaned_data["answer"],
                acting_user=request.user,
                is_confidential=form.cleaned_data["is_confidential"],
                version=form.cleaned_data["version"],
            )
        except PermissionDenied:
            raise Http404(pk) from None
        except EditConflict:
            form.add_error(None, _("Someone changed this feedback since you opened the page."))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("The answer is saved and the submitter is told."))
            return redirect(feedback.get_absolute_url())
    return feedback_detail(request, pk, answer_form=form)


@login_required
@require_POST
def feedback_close(request, pk: int):
    feedback = access.access_feedback(request.user, pk)
    try:
        actions.close_feedback(feedback, acting_user=request.user)
    except PermissionDenied:
        raise Http404(pk) from None
    messages.success(request, _("The feedback is closed."))
    return redirect(feedback.get_absolute_url())


@login_required
@require_POST
def feedback_raise(request, pk: int):
    """Raise a difficulty that needs a partner as an implementation issue (mechanisms)."""
    feedback = access.access_feedback(request.user, pk)
    try:
        actions.raise_issue(feedback, acting_user=request.user)
    except PermissionDenied:
        raise Http404(pk) from None
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("An implementation issue was opened from this feedback."))
    return redirect(feedback.get_absolute_url())


@login_required
def feedback_attachment(request, pk: int, attachment: int):
    feedback = access.access_feedback(request.user, pk)
    row = get_object_or_404(feedback.attachments, pk=attachment)
    return stored_file_response(request, row.file, row.name, back_url=feedback.get_absolute_url())


def home_link(user) -> dict:
    """What the home page shows of this app: the queue's address and how many items wait."""
    return {"url": reverse("consultation:queue"), "count": queues.queue_count(user)}

"""Every URL of the project, as every persona, scanned for what that persona may not see.

Each record of the fixture carries a unique token (``zqNNNq``). Who may see each token is decided
once, below, from the access rules of ``camket.agencies.permissions`` (the "may see" table), not
per URL. The sweep walks every URL pattern of the resolver, fills its converters with the
fixture's codes and pks, requests it (with the query parameters that switch a page to an export)
as each persona, reads the answer as HTML, text, XLSX, DOCX or PDF, and reports every token the
persona was not meant to see. A pattern it cannot fill fails the test, so a new view is covered
as soon as it is added (or explained in ``NOT_WALKED``).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from camket.agencies.models import Agency, Membership
from camket.audit.actions import record_audit, snapshot
from camket.compatibility.models import (
    LegalDocument,
    LegalProvision,
    LegislativeAction,
    ProvisionLink,
)
from camket.compatibility.models import Notification as AgencyNotification
from camket.coordination.mechanisms.models import (
    ImplementationIssue,
    IssueStep,
    Mechanism,
    Meeting,
)
from camket.coordination.models import OverlapCandidate
from camket.evaluation.reviews.tests import sweep as reviews_sweep
from camket.evaluation.tests.sweep import proposal_records
from camket.monitoring.models import (
    Evidence,
    Notification,
    ProgressReport,
    ReportingCycle,
    UrgingNotice,
)
from camket.obligations.models import ActionPlan, Milestone, Obligation, Task
from camket.portal.consultation.tests.sweep import CONSULTATION_FILLS, consultation_records
from camket.portal.opendata.tests import sweep as opendata_sweep
from camket.registry.models import (
    Commitment,
    CommitmentEvent,
    CommitmentRelation,
    Document,
    Provision,
    Sector,
)
from camket.registry.search import reindex_commitment

Role = Membership.Role
Conf = Commitment.Confidentiality
D = dt.date.fromisoformat

# Patterns the sweep does not fill, each with its reason. Keep this short.
NOT_WALKED = {
    "password_reset_confirm": "needs a one-time token; shows no record",
    # Its index, change lists and forms without an object id are still walked.
    "admin:*": "Django admin object pages: staff only (every other persona is redirected to its "
    "login); the admin persona is national and may read every record",
}

OWNER, SUPPORT, UNRELATED, OTHER = "bct", "btc", "hanoi", "byt"
NATIONAL = {"coordinator", "admin"}


@dataclass(frozen=True)
class Persona:
    name: str
    agency: str | None = None
    role: str | None = None

    @property
    def national(self) -> bool:
        return self.name in NATIONAL

    @property
    def observer(self) -> bool:
        return self.role == Role.OBSERVER

    @property
    def signed_in(self) -> bool:
        return self.name != "anonymous"

    @property
    def agencies(self) -> set[str]:
        return {self.agency} if self.agency else set()


PERSONAS = [
    Persona("anonymous"),
    Persona("coordinator", "bng-vulpdu", Role.COORDINATOR),
    Persona("admin", "bng-vulpdu", Role.ADMIN),
    Persona("officer_owner", OWNER, Role.OFFICER),
    Persona("leader_owner", OWNER, Role.LEADER),
    Persona("officer_support", SUPPORT, Role.OFFICER),
    Persona("officer_unrelated", UNRELATED, Role.OFFICER),
    Persona("observer", "vpcp", Role.OBSERVER),
    Persona("no_membership"),
]


########## The "may see" table: the access rules, written once ##########


def sees_commitment(p: Persona, c: Commitment) -> bool:
    """National roles all; observers public and internal; agencies public and their own."""
    if p.national:
        return True
    if not p.signed_in or (not p.agencies and not p.observer):
        return False
    involved = {c.lead_agency.code, *c.supporting_agencies.values_list("code", flat=True)}
    if p.agencies & involved or c.confidentiality == Conf.PUBLIC:
        return True
    return p.observer and c.confidentiality == Conf.INTERNAL


def _task_agencies(t: Task) -> set[str]:
    return {
        t.lead_agency.code,
        t.plan.agency.code,
        *t.supporting_agencies.values_list("code", flat=True),
    }


def sees_task(p: Persona, t: Task) -> bool:
    """National roles all; the agencies of the task and its plan; observers unless the task
    serves a commitment they may not read."""
    if p.national:
        return True
    if p.agencies & _task_agencies(t):
        return True
    served = Commitment.objects.filter(obligations__tasks=t).distinct()
    return p.observer and all(sees_commitment(p, c) for c in served)


def sees_plan(p: Persona, plan: ActionPlan) -> bool:
    if p.national or p.observer:
        return True
    return any(p.agencies & _task_agencies(t) for t in plan.tasks.all()) or (
        plan.agency.code in p.agencies
    )


def reads_report(p: Persona, r: ProgressReport) -> bool:
    """``can_read_report_content``: the agency at every stage; national roles and observers
    once approved."""
    if r.agency.code in p.agencies:
        return True
    return r.status == ProgressReport.Status.APPROVED and (p.national or p.observer)


def sees_cycle(p: Persona, cycle: ReportingCycle) -> bool:
    if p.national or p.observer:
        return True
    return bool(p.agencies & set(cycle.agencies.values_list("code", flat=True)))


def sees_agency_file(p: Persona, agency: str) -> bool:
    """An agency's page (urging notices): national roles, observers and its members."""
    return p.national or p.observer or agency in p.agencies


def signed_in(p: Persona) -> bool:
    return p.signed_in


# The public portal's rule (issue 14), written here independently of camket/portal/visibility.py.
PRE_SIGNATURE = {"draft", "proposed", "negotiating", "negotiation_concluded", "initialled"}


def published(c: Commitment) -> bool:
    """Public confidentiality, signed (or adopted) or later, and Viet Nam's own (no reference)."""
    return c.confidentiality == Conf.PUBLIC and c.status not in PRE_SIGNATURE and not c.is_reference


def sees_public_part(p: Persona, c: Commitment) -> bool:
    """What the portal shows of a published commitment is for everyone, anonymous included;
    its notes, assessments and work stay with ``sees_commitment``."""
    return sees_commitment(p, c) or published(c)


########## Fixture: four agencies, every kind of record, one token per text ##########


@dataclass
class World:
    tokens: dict[str, tuple[str, object]] = field(default_factory=dict)
    fills: dict[str, list[dict]] = field(default_factory=dict)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    queries: dict[str, list[str]] = field(default_factory=dict)
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    def token(self, label: str, may_see) -> str:
        """A new token; ``may_see(persona) -> bool`` says who may see it."""
        value = f"zq{next(self.counter):03d}q"
        self.tokens[value] = (label, may_see)
        return value


def _agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def _commitment(
    w: World, key: str, kind: str, conf: str, lead: str, supporting=(), **public
) -> Commitment:
    """``public``: ``status`` (else signed, or adopted for a statement), ``is_reference``."""
    adopted = kind == Commitment.Kind.LEADERS_STATEMENT
    c = Commitment(
        kind=kind,
        level=Commitment.Level.GOVERNMENT,
        scope=Commitment.Scope.BILATERAL,
        lead_agency=_agency(lead),
        confidentiality=conf,
        status=public.get("status", "adopted" if adopted else "signed"),
        is_reference=public.get("is_reference", False),
        affected_groups=["exporters"],
    )
    seen = lambda p: sees_commitment(p, c)  # noqa: E731
    shown = lambda p: sees_public_part(p, c)  # noqa: E731
    c.code = f"vn/{kind}/2025/{w.token(key + ' code', shown)}"
    c.title_vi = f"Hiệp định hợp tác {w.token(key + ' title_vi', shown)} về thương mại"
    c.title_en = f"Agreement {w.token(key + ' title_en', shown)} on trade"
    c.short_name = w.token(key + " short_name", shown).upper()
    c.summary_vi = f"Tóm tắt {w.token(key + ' summary', shown)}"
    c.save()
    c.supporting_agencies.set(Agency.objects.filter(code__in=supporting))
    c.sectors.add(Sector.objects.get(code="trade"))
    CommitmentEvent.objects.create(
        commitment=c,
        kind=CommitmentEvent.Kind.SIGNATURE,
        on=D("2025-03-01"),
        note=f"Ký tại Hà Nội {w.token(key + ' event note', seen)}",
    )
    Document.objects.create(
        commitment=c,
        title=f"Văn bản {w.token(key + ' document title', shown)}",
        language=Document.Language.VI,
        file=ContentFile(
            f"Nội dung {w.token(key + ' document file', shown)}".encode(), name="van-ban.txt"
        ),
    )
    article = Provision.objects.create(
        commitment=c,
        level=Provision.Level.ARTICLE,
        number="1",
        heading=f"Điều khoản {w.token(key + ' provision heading', shown)}",
        text=f"Các Bên bảo đảm minh bạch {w.token(key + ' provision text', shown)}.",
        order=1,
    )
    obligation = Obligation.objects.create(
        commitment=c,
        provision=article,
        text=f"Việt Nam sửa đổi quy định {w.token(key + ' obligation text', shown)}",
        source_text=f"Mỗi Bên sẽ {w.token(key + ' obligation source', seen)}",
        modality=Obligation.Modality.SHALL,
        affected_groups=["exporters"],  # concerns businesses: public with a published commitment
    )
    reindex_commitment(c)
    c.obligation, c.article = obligation, article  # handles for the rest of the fixture
    w.commitments[key] = c
    return c


def _task(w: World, key: str, plan: ActionPlan, lead: str, serves, supporting=()) -> Task:
    t = Task(plan=plan, lead_agency=_agency(lead), due_on=D("2025-06-30"))
    t.title = f"Rà soát văn bản {w.token(key + ' title', lambda p: sees_task(p, t))}"
    t.description = f"Mô tả {w.token(key + ' description', lambda p: sees_task(p, t))}"
    t.deliverable = f"Sản phẩm {w.token(key + ' deliverable', lambda p: sees_task(p, t))}"
    t.save()
    t.obligations.set(serves)
    t.supporting_agencies.set(Agency.objects.filter(code__in=supporting))
    Milestone.objects.create(
        task=t,
        title=f"Mốc {w.token(key + ' milestone', lambda p: sees_task(p, t))}",
        due_on=D("2025-05-01"),
    )
    return t


def _plan(w: World, key: str, agency: str, commitments) -> ActionPlan:
    plan = ActionPlan(agency=_agency(agency), code="kh-" + key.replace(" ", "-"))
    plan.title_vi = f"Kế hoạch {w.token(key + ' title', lambda p: sees_plan(p, plan))}"
    plan.save()
    plan.commitments.set(commitments)
    return plan


def _report(w: World, key: str, cycle, agency: str, status: str, task=None, commitment=None):
    r = ProgressReport.objects.create(
        cycle=cycle,
        agency=_agency(agency),
        task=task,
        commitment=commitment,
        due_on=cycle.due_on,
        status=status,
        progress=ProgressReport.Progress.AT_RISK,
        percent_done=83,
        submitted_on=D("2025-07-01") if status != ProgressReport.Status.DRAFT else None,
    )
    readable = lambda p: reads_report(p, r)  # noqa: E731
    r.narrative = f"Kết quả {w.token(key + ' narrative', readable)}"
    r.difficulties = f"Khó khăn {w.token(key + ' difficulties', readable)}"
    r.proposals = f"Kiến nghị {w.token(key + ' proposals', readable)}"
    if status == ProgressReport.Status.RETURNED:
        r.return_comment = f"Bổ sung số liệu {w.token(key + ' return comment', readable)}"
    r.save()
    name = f"minh-chung-{w.token(key + ' evidence name', readable)}.txt"
    content = f"Minh chứng {w.token(key + ' evidence content', readable)}".encode()
    evidence = Evidence(report=r, name=name, kind="txt", size=len(content), sha256="0" * 64)
    evidence.file.save(name, ContentFile(content), save=False)
    evidence.save()
    r.evidence_pk = evidence.pk
    return r


def _mechanism_records(w: World, task_for_issue: dict) -> dict[str, list[dict]]:
    """A mechanism and a meeting (read by staff with a role), one implementation issue per
    commitment (read as its commitment), obligations due soon (the early warning), and issues
    linked to tasks of other commitments (each side shown only as far as it may be read)."""
    staff = lambda p: p.national or p.observer or bool(p.agencies)  # noqa: E731
    mechanism = Mechanism.objects.create(
        name_vi=f"Ủy ban hỗn hợp {w.token('mechanism name', staff)}",
        kind=Mechanism.Kind.JOINT_COMMITTEE,
        mandate=f"Nhiệm vụ {w.token('mechanism mandate', staff)}",
    )
    mechanism.commitments.set(w.commitments.values())
    meeting = Meeting.objects.create(
        mechanism=mechanism,
        title=f"Phiên họp {w.token('meeting title', staff)}",
        held_on=D("2099-05-01"),
        agenda=f"Chương trình {w.token('meeting agenda', staff)}",
    )
    soon = dt.date.today() + dt.timedelta(days=30)
    issues = []
    for key, c in w.commitments.items():
        seen = lambda p, c=c: sees_commitment(p, c)  # noqa: E731
        Obligation.objects.filter(pk=c.obligation.pk).update(due_on=soon)
        issue = ImplementationIssue.objects.create(
            commitment=c,
            title=f"Vướng mắc {w.token(key + ' issue title', seen)}",
            origin=ImplementationIssue.Origin.PARTNER,
            side=ImplementationIssue.Side.PARTNER,
            lead_agency=c.lead_agency,
            facts=f"Nội dung {w.token(key + ' issue facts', seen)}",
            mechanism=mechanism,
            raised_on=D("2025-08-01"),
        )
        IssueStep.objects.create(
            issue=issue,
            on=D("2025-09-01"),
            status=ImplementationIssue.Status.UNDER_DISCUSSION,
            meeting=meeting,
            note=f"Diễn biến {w.token(key + ' issue step', seen)}",
        )
        if key in task_for_issue:
            issue.tasks.add(task_for_issue[key])
        issues.append(issue)
    return {
        "mechanism": [{"pk": mechanism.pk}],
        "meeting": [{"pk": meeting.pk}],
        "meeting edit": [{"meeting_pk": meeting.pk}],
        "issue": [{"pk": i.pk} for i in issues],
        "warned obligation": [{"obligation_pk": c.obligation.pk} for c in w.commitments.values()],
    }


def _overlap_records(tasks, plan, commitments, users) -> dict[str, list[dict]]:
    """Overlap candidates between tasks and commitments of different agencies (each side shown
    only as far as it may be read), a plan linked to a restricted task "instead", and a run."""
    from camket.coordination import actions as overlap
    from camket.coordination.models import OverlapRun
    from camket.registry.models import Partner, Sector
    from lawcore.overlap import Pair

    for c in commitments:  # partners and sectors for the matrix (names, never tokens)
        c.partners.add(Partner.objects.get(code="KOR" if c.lead_agency.code == OWNER else "LAO"))
        c.sectors.add(Sector.objects.get(code="trade"))
    coordinator = users["coordinator"]
    run = overlap.start_run(trigger=OverlapRun.Trigger.ON_DEMAND, acting_user=coordinator)
    t_res, t_prov, t_pub, t_other, t_int = tasks
    pairs = [(t_res, t_other), (t_pub, t_int), (t_prov, t_other), (t_pub, t_res)]
    found = [Pair(f"task:{a.pk}", f"task:{b.pk}", 0.9, ("same_action",)) for a, b in pairs]
    found += [
        Pair(f"commitment:{a.pk}", f"commitment:{b.pk}", 0.8, ("shared_instrument",))
        for a, b in itertools.combinations(commitments, 2)
    ]
    agencies = {f"task:{t.pk}": t.lead_agency.code for t in tasks}
    agencies |= {f"commitment:{c.pk}": c.lead_agency.code for c in commitments}
    overlap.record_candidates(run, found, agencies, full=True)
    link = overlap.link_instead(
        plan=plan, target=f"task:{t_other.pk}", acting_user=users["officer_owner"]
    )
    pks = [link.candidate.pk, *OverlapCandidate.objects.values_list("pk", flat=True)]
    return {
        "overlap candidate": [{"pk": pk} for pk in dict.fromkeys(pks)],
        "overlap run": [{"pk": run.pk}],
    }


def _scoring_records(w: World, cycle, commitments) -> dict[str, list[dict]]:
    """Scorecards of the cycle under the default criteria, and an indicator per commitment."""
    from camket.evaluation.scoring import actions as scoring
    from camket.evaluation.scoring.defaults import default_criteria
    from camket.evaluation.scoring.models import Score, Scorecard

    criteria = scoring.approve_criteria_set(
        scoring.create_criteria_set(default_criteria(), acting_user=None), acting_user=None
    )
    scoring.compute_scorecards(criteria, cycle, acting_user=None, today=D("2025-07-20"))
    indicators = []
    for key, c in w.commitments.items():
        seen = lambda p, c=c: sees_commitment(p, c)  # noqa: E731
        data = scoring.IndicatorData(
            code="xuat-khau",
            name_vi=f"Kim ngạch xuất khẩu {w.token(key + ' indicator', seen)}",
            unit="triệu USD",
            baseline=100,
            baseline_year=2020,
            target=200,
            target_year=2030,
        )
        indicator = scoring.save_indicator(c, data, acting_user=None)
        scoring.record_indicator_value(indicator, cycle, actual=130, acting_user=None)
        indicators.append(indicator)
    draft = scoring.new_version(criteria, acting_user=None)  # its criteria can be edited
    return {
        "criteria set": [{"pk": criteria.pk}, {"pk": draft.pk}],
        "criterion": [{"pk": criteria.criteria.first().pk}, {"pk": draft.criteria.first().pk}],
        "scorecard": [{"pk": pk} for pk in Scorecard.objects.values_list("pk", flat=True)],
        "score": [{"pk": pk} for pk in Score.objects.exclude(formula="").values_list("pk", flat=True)],
        "indicator": [{"pk": i.pk} for i in indicators],
    }


def build_world(django_user_model) -> tuple[World, dict[str, object]]:
    w = World()
    users = {}
    for p in PERSONAS:
        if not p.signed_in:
            continue
        user = django_user_model.objects.create_user(username=p.name, password="x")
        user.first_name = f"Nguyễn {w.token(p.name + ' staff name', signed_in)}"
        user.email = f"{w.token(p.name + ' e-mail', signed_in)}@camket.gov.vn"
        user.save()
        if p.name == "admin":
            user.is_staff = user.is_superuser = True
            user.save()
        if p.agency:
            Membership.objects.create(user=user, agency=_agency(p.agency), role=p.role)
        users[p.name] = user
    coordinator = users["coordinator"]

    T, A, S = Commitment.Kind.TREATY, Commitment.Kind.INTERNATIONAL_AGREEMENT, "leaders_statement"
    pub_a = _commitment(w, "public owner", T, Conf.PUBLIC, OWNER, [SUPPORT])
    int_a = _commitment(w, "internal owner", A, Conf.INTERNAL, OWNER, [SUPPORT])
    res_a = _commitment(w, "restricted owner", T, Conf.RESTRICTED, OWNER, [SUPPORT])
    res_x = _commitment(w, "restricted other", T, Conf.RESTRICTED, OTHER)
    int_x = _commitment(w, "internal other", A, Conf.INTERNAL, OTHER)
    statement = _commitment(w, "public statement", S, Conf.PUBLIC, OWNER)
    # Public by confidentiality, yet not published: still negotiated, or another country's text.
    _commitment(w, "public draft", A, Conf.PUBLIC, OWNER, status="negotiating")
    _commitment(w, "public reference", T, Conf.PUBLIC, OWNER, is_reference=True)

    # Neighbours that name a record the reader may not open.
    relation = CommitmentRelation.objects.create(
        source=pub_a, target=res_x, kind=CommitmentRelation.Kind.IMPLEMENTS
    )
    record_audit(relation, "relation.added", coordinator, after=snapshot(relation), subject=pub_a)
    before = snapshot(statement.obligation)
    statement.obligation.carried_into = res_x
    statement.obligation.save()
    record_audit(
        statement.obligation,
        "obligation.carried_into",
        coordinator,
        before=before,
        after=snapshot(statement.obligation),
        subject=statement,
    )
    pub_a.obligation.carried_into = res_a
    pub_a.obligation.save()

    # A ministry's plan for a public and a restricted commitment; a province leads one task.
    plan = _plan(w, "owner plan", OWNER, [pub_a, res_a])
    t_res = _task(w, "task restricted", plan, OWNER, [res_a.obligation], supporting=[SUPPORT])
    t_prov = _task(w, "task province", plan, UNRELATED, [pub_a.obligation])
    t_pub = _task(w, "task public", plan, OWNER, [pub_a.obligation, int_a.obligation])
    other_plan = _plan(w, "other plan", OTHER, [res_x, int_x])
    t_other = _task(w, "task other restricted", other_plan, OTHER, [res_x.obligation])
    t_int = _task(w, "task other internal", other_plan, OTHER, [int_x.obligation])
    tasks = [t_res, t_prov, t_pub, t_other, t_int]

    cycle = ReportingCycle(
        starts_on=D("2025-01-01"), ends_on=D("2025-06-30"), due_on=D("2025-07-15")
    )
    cycle.title = f"Kỳ báo cáo {w.token('cycle title', lambda p: sees_cycle(p, cycle))}"
    cycle.save()
    cycle.agencies.set(Agency.objects.filter(code__in=[OWNER, SUPPORT, UNRELATED, OTHER]))
    St = ProgressReport.Status
    reports = [
        _report(w, "draft report", cycle, OWNER, St.DRAFT, task=t_res),
        _report(w, "returned report", cycle, OWNER, St.RETURNED, commitment=pub_a),
        _report(w, "approved report", cycle, OWNER, St.APPROVED, task=t_pub),
        _report(w, "submitted province report", cycle, UNRELATED, St.SUBMITTED, task=t_prov),
        _report(w, "approved other report", cycle, OTHER, St.APPROVED, task=t_other),
    ]
    UrgingNotice.objects.create(
        agency=_agency(OWNER),
        cycle=cycle,
        subject=f"Đôn đốc {w.token('urging subject', lambda p: sees_agency_file(p, OWNER))}",
        body=f"Đề nghị {w.token('urging body', lambda p: sees_agency_file(p, OWNER))}",
        sent_by=coordinator,
    )
    Notification.objects.create(
        user=users["officer_owner"],
        text=f"Nhắc hạn {w.token('personal notification', lambda p: p.name == 'officer_owner')}",
    )

    # Domestic law (read by every signed-in user) and assessments against it.
    law = LegalDocument.objects.create(
        code="99/2025/QH15",
        doc_type=LegalDocument.Type.LAW,
        title=f"Luật Thương mại {w.token('legal document title', signed_in)}",
        source=LegalDocument.Source.TEXT,
        checksum="0" * 64,
    )
    law_article = LegalProvision.objects.create(
        document=law,
        code="99/2025/QH15:d1",
        level=LegalProvision.Level.ARTICLE,
        number="1",
        text=f"Quy định {w.token('legal provision text', signed_in)}",
    )
    links, actions = [], []
    for key, c in w.commitments.items():
        seen = lambda p, c=c: sees_commitment(p, c)  # noqa: E731
        link = ProvisionLink.objects.create(
            obligation=c.obligation,
            legal_provision=law_article,
            method=ProvisionLink.Method.PERSON,
            status=ProvisionLink.Status.NEEDS_REVIEW,
            verdict=ProvisionLink.Verdict.CONFLICTING,
            rationale=f"Lý do {w.token(key + ' link rationale', seen)}",
            review_reason=f"Luật đã sửa {w.token(key + ' link review reason', seen)}",
        )
        links.append(link)
        actions.append(
            LegislativeAction.objects.create(
                link=link,
                kind=LegislativeAction.Kind.AMEND,
                description=f"Sửa luật {w.token(key + ' legislative action', seen)}",
                responsible_agency=c.lead_agency,
            )
        )
        ProvisionLink.objects.create(
            provision=c.article,
            method=ProvisionLink.Method.PERSON,
            status=ProvisionLink.Status.CONFIRMED,
            verdict=ProvisionLink.Verdict.GAP,
            rationale=f"Khoảng trống {w.token(key + ' provision gap', seen)}",
        )
    # Laws that implement a published and a restricted commitment: the portal names the first.
    implementing = []
    for key in ("public owner", "restricted owner"):
        c = w.commitments[key]
        who = (lambda p: True) if published(c) else signed_in
        doc = LegalDocument.objects.create(
            code=f"{len(implementing) + 10}/2024/QH15",
            doc_type=LegalDocument.Type.LAW,
            title=f"Luật thực hiện {w.token(key + ' implementing law', who)}",
            source=LegalDocument.Source.TEXT,
            checksum="0" * 64,
        )
        article = LegalProvision.objects.create(
            document=doc, code=f"{doc.code}:d1", level=LegalProvision.Level.ARTICLE, number="1"
        )
        ProvisionLink.objects.create(
            obligation=c.obligation,
            legal_provision=article,
            method=ProvisionLink.Method.PERSON,
            status=ProvisionLink.Status.CONFIRMED,
            verdict=ProvisionLink.Verdict.COMPATIBLE,
        )
        implementing.append(doc)
    notice = AgencyNotification.objects.create(
        agency=_agency(OWNER),
        text=f"Luật thay đổi {w.token('agency notification', lambda p: p.national or OWNER in p.agencies)}",
    )

    # A restricted commitment's issue follows from a public task, and the other way round.
    mechanism_fills = _mechanism_records(
        w, {"restricted other": t_pub, "public owner": t_other, "restricted owner": t_prov}
    )

    commitments = list(w.commitments.values())
    overlap_fills = _overlap_records(tasks, plan, commitments, users)
    w.fills = {
        **overlap_fills,
        **_scoring_records(w, cycle, commitments),
        **proposal_records(w, sees_commitment, SUPPORT),
        **consultation_records(w, users, OWNER),
        **reviews_sweep.review_records(w, users, tasks, sees_commitment, sees_task),
        "commitment": [{"code": c.code} for c in commitments],
        "commitment event": [{"code": c.code, "pk": c.events.first().pk} for c in commitments],
        "commitment document": [
            {"code": c.code, "pk": c.documents.first().pk} for c in commitments
        ],
        "commitment relation": [{"code": pub_a.code, "pk": relation.pk}],
        "plan": [{"code": plan.code}, {"code": other_plan.code}],
        "plan verb": [
            {"code": pl.code, "verb": v}
            for pl in (plan, other_plan)
            for v in ("submit", "approve", "return")
        ],
        "task": [{"pk": t.pk} for t in tasks],
        "obligation": [{"pk": c.obligation.pk} for c in commitments],
        "provision": [{"pk": c.article.pk} for c in commitments],
        "agency": [{"code": code} for code in (OWNER, SUPPORT, UNRELATED, OTHER)],
        "legal document": [{"code": d.code} for d in (law, *implementing)],
        "agency notification": [{"pk": notice.pk}],
        "link": [{"pk": link.pk} for link in links],
        "legislative action": [{"pk": a.pk} for a in actions],
        "report": [{"pk": r.pk} for r in reports],
        "report verb": [
            {"pk": r.pk, "verb": v} for r in reports for v in ("submit", "approve", "return")
        ],
        "evidence": [{"pk": r.pk, "evidence_pk": r.evidence_pk} for r in reports],
        "cycle": [{"pk": cycle.pk}],
        "public document": [{"pk": c.documents.first().pk} for c in commitments],
        "public provision": [{"code": c.code, "pk": c.article.pk} for c in commitments],
        "sector": [{"sector": "trade"}],
        **mechanism_fills,
        **opendata_sweep.opendata_records(commitments),
    }
    searches = [f"?q={c.title_vi.split()[4]}" for c in commitments]
    cycle_q = f"?cycle={cycle.pk}"
    w.queries = {
        "registry:commitment-list": ["", f"?lead={OWNER}", f"?lead={OTHER}", "?kind=treaty"],
        "registry:search": searches,
        "obligations:task-list": ["", *[f"?commitment={quote(c.code)}" for c in commitments]],
        "obligations:task-export": ["", *[f"?commitment={quote(c.code)}" for c in commitments]],
        "monitoring:dashboard": ["", "?export=xlsx", cycle_q, cycle_q + "&export=xlsx"],
        "monitoring:report-list": [
            "",
            "?export=xlsx",
            "?progress=at_risk",
            "?progress=at_risk&export=xlsx",
            "?status=draft",
            "?status=returned&export=xlsx",
            cycle_q,
        ],
        "monitoring:task-list": ["", "?export=xlsx", "?state=overdue&export=xlsx"],
        "monitoring:overdue-list": ["", "?export=xlsx"],
        "monitoring:official-report": [
            "",
            f"?period=cycle-{cycle.pk}&format=docx",
            f"?period=cycle-{cycle.pk}&format=pdf",
            f"?period=year-2025&format=docx&agency={OWNER}",
        ],
        "monitoring:commitment-picker": ["?q=zq", "?q=Hiệp định"],
        "obligations:plan-commitment-picker": ["?q=zq", "?q=Hiệp định"],
        "obligations:carried-picker": ["?q=zq", "?q=Hiệp định"],
        "registry:relation-picker": ["?q=zq", "?q=Hiệp định"],
        "coordination:queue": ["", "?state=decided", "?kind=task", "?kind=commitment"],
        "coordination:matrix": [
            "",
            "?axis=sector",
            "?kind=commitment",
            "?kind=commitment&axis=sector",
        ],
        "coordination:matrix-tasks": [f"?agency={OWNER}&value=KOR", f"?agency={OTHER}&value=LAO"],
        "compatibility:gap-list": ["", "?verdict=conflicting"],
        "portal:commitment-list": [
            "",
            *searches,
            "?sector=trade",
            "?group=exporters",
            "?year=2025",
            f"?province={UNRELATED}",
        ],
        "portal:business-sector": ["", "?partner=KOR"],
        "compatibility:check": ["", "?text=minh+bạch"],
        "mechanisms:issue-list": ["", "?status=open", "?status=raised&page=2"],
        "mechanisms:issue-create": ["", *[f"?report={r.pk}" for r in reports]],
    }
    w.queries |= reviews_sweep.QUERIES
    w.queries |= opendata_sweep.opendata_queries(commitments)
    return w, users


# Which fixture records fill each URL name's converters.
FILL_BY_NAME = {
    **reviews_sweep.FILL_BY_NAME,
    "evaluation:proposal-create": "commitment",
    "evaluation:override-create": "commitment",
    "evaluation:commitment-gate": "commitment",
    "evaluation:proposal-detail": "proposal",
    "evaluation:proposal-edit": "proposal",
    "evaluation:proposal-submit": "proposal",
    "evaluation:opinion-request": "proposal",
    "evaluation:impact": "proposal",
    "evaluation:feasibility": "proposal",
    "evaluation:decide": "proposal",
    "evaluation:proposal-docx": "proposal",
    "evaluation:opinion-answer": "opinion",
    "evaluation:opinion-handling": "opinion",
    "evaluation:item": "item",
    "evaluation:item-download": "item",
    "coordination:candidate": "overlap candidate",
    "coordination:candidate-decide": "overlap candidate",
    "coordination:candidate-merge": "overlap candidate",
    "coordination:run": "overlap run",
    "coordination:link-instead": "plan",
    "mechanisms:mechanism-detail": "mechanism",
    "mechanisms:mechanism-edit": "mechanism",
    "mechanisms:meeting-create": "mechanism",
    "mechanisms:meeting-detail": "meeting",
    "mechanisms:meeting-brief": "meeting",
    "mechanisms:meeting-edit": "meeting edit",
    "mechanisms:issue-detail": "issue",
    "mechanisms:issue-step": "issue",
    "mechanisms:issue-link-task": "issue",
    "mechanisms:raise-warning": "warned obligation",
    "registry:commitment-detail": "commitment",
    "portal:commitment-detail": "commitment",
    "portal:document-download": "public document",
    "portal:provision-detail": "public provision",
    "portal:business-sector": "sector",
    "registry:commitment-edit": "commitment",
    "registry:commitment-delete": "commitment",
    "registry:event-create": "commitment",
    "registry:document-create": "commitment",
    "registry:relation-create": "commitment",
    "registry:event-delete": "commitment event",
    "registry:document-delete": "commitment document",
    "registry:document-download": "commitment document",
    "registry:relation-delete": "commitment relation",
    "obligations:plan-detail": "plan",
    "obligations:plan-edit": "plan",
    "obligations:task-create": "plan",
    "obligations:plan-export": "plan",
    "obligations:plan-import": "plan",
    "obligations:plan-transition": "plan verb",
    "obligations:task-detail": "task",
    "obligations:milestone-create": "task",
    "obligations:agency-roadmap": "agency",
    "obligations:obligation-detail": "obligation",
    "obligations:obligation-delete": "obligation",
    "obligations:obligation-carried": "obligation",
    "obligations:assistant-accept": "commitment",
    "obligations:assistant-reject": "commitment",
    "obligations:assistant-text": "commitment",
    "obligations:assistant": "commitment",
    "obligations:obligation-create": "commitment",
    "obligations:programme-create": "commitment",
    "obligations:commitment-work": "commitment",
    "compatibility:document-detail": "legal document",
    "compatibility:notification-read": "agency notification",
    "compatibility:action-create": "link",
    "compatibility:action-update": "legislative action",
    "compatibility:obligation-assess": "obligation",
    "compatibility:obligation-confirm": "obligation",
    "compatibility:obligation-reject": "obligation",
    "compatibility:obligation-propose": "obligation",
    "compatibility:provision-assess": "provision",
    "compatibility:provision-confirm": "provision",
    "compatibility:provision-reject": "provision",
    "compatibility:provision-propose": "provision",
    "compatibility:commitment-matrix": "commitment",
    "monitoring:report-detail": "report",
    "monitoring:evidence-upload": "report",
    "monitoring:evidence-download": "evidence",
    "monitoring:report-transition": "report verb",
    "monitoring:cycle-detail": "cycle",
    "monitoring:cycle-close": "cycle",
    "monitoring:cycle-add-reports": "cycle",
    "monitoring:agency-detail": "agency",
    "scoring:scorecard-detail": "scorecard",
    "scoring:score-records": "score",
    "scoring:criteria-detail": "criteria set",
    "scoring:criterion-edit": "criterion",
    "scoring:criterion-remove": "criterion",
    "scoring:indicator-detail": "indicator",
    **opendata_sweep.FILL_BY_NAME,
}
FILL_BY_NAME.update(CONSULTATION_FILLS)


########## Walking the resolver ##########


@dataclass
class Route:
    name: str
    route: str  # e.g. "/register/c/<path:code>/"
    params: list[str]


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        text = str(pattern)
        if isinstance(pattern, RoutePattern):
            params = re.findall(r"<(?:\w+:)?(\w+)>", text)
        else:  # a regular expression: only fillable when it has no groups
            params = [f"regex:{text}"] if re.compile(pattern.regex.pattern).groups else []
            text = text.lstrip("^").rstrip("$").replace("\\", "")
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            for route in _walk(entry, prefix + text, ns):
                route.params = params + route.params
                yield route
        elif isinstance(entry, URLPattern):
            yield Route(f"{namespace}{entry.name or entry.lookup_str}", prefix + text, params)


def _not_walked(name: str) -> bool:
    return name in NOT_WALKED or any(
        key.endswith("*") and name.startswith(key[:-1]) for key in NOT_WALKED
    )


def _fill(route: Route, values: dict) -> str:
    path = route.route
    for name, value in values.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path)
    return "/" + path


def plan_requests(world: World) -> tuple[list[tuple[str, str]], list[str]]:
    """(url name, url) for every request of the sweep, and the routes it cannot fill."""
    requests, unfilled = [], []
    for route in _walk(get_resolver()):
        if route.params:
            if _not_walked(route.name):
                continue
            kind = FILL_BY_NAME.get(route.name)
            if kind is None or any(p.startswith("regex:") for p in route.params):
                unfilled.append(f"{route.name} {route.route}")
                continue
            values = world.fills[kind]
            if set(values[0]) != set(route.params):
                unfilled.append(f"{route.name} {route.route} (fills {sorted(values[0])})")
                continue
            urls = [_fill(route, v) for v in values]
        else:
            urls = [_fill(route, {})]
        for url in urls:
            for query in world.queries.get(route.name, [""]):
                requests.append((route.name, url + query))
    return requests, unfilled


########## Reading what comes back ##########


def response_text(response) -> str:
    """Everything a person could read in ``response``: body (HTML, text, XLSX, DOCX, PDF) and
    the headers that name things (redirect target, file name)."""
    headers = " ".join(response.get(h, "") for h in ("Location", "Content-Disposition"))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if body.startswith(b"%PDF"):
        import pypdfium2

        pdf = pypdfium2.PdfDocument(body)
        text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    elif body.startswith(b"PK") and "spreadsheet" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        text = " ".join(
            str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v
        )
    elif body.startswith(b"PK") and "wordprocessing" in kind:
        import docx

        document = docx.Document(io.BytesIO(body))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        text = " ".join(parts)
    else:
        text = body.decode("utf-8", errors="replace")
    return f"{headers} {text}".lower()


TOKEN = re.compile(r"zq\d{3}q")


@pytest.mark.django_db
def test_no_persona_reads_a_token_it_may_not_see(django_user_model, settings):
    """Walk every URL pattern × every persona; no response shows what its reader may not see."""
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    world, users = build_world(django_user_model)
    requests, unfilled = plan_requests(world)
    assert not unfilled, (
        "URL patterns the access sweep cannot fill (add them to FILL_BY_NAME):\n"
        + ("\n".join(unfilled))
    )

    leaks: dict[tuple[str, str], set[str]] = {}
    errors, count, shown = [], 0, set()
    names = {name for name, _ in requests}
    for persona in PERSONAS:
        client = Client(raise_request_exception=False)
        if persona.signed_in:
            client.force_login(users[persona.name])
        for name, url in requests:
            response = client.get(url)
            count += 1
            if response.status_code >= 500:
                errors.append(f"{persona.name} {url}: {response.status_code}")
                continue
            # A token the request itself carries (a code typed in the URL) is an echo, not a leak.
            echoed = set(TOKEN.findall(url))
            found = set(TOKEN.findall(response_text(response))) - echoed
            # Random text (a CSRF or signed token) may hold "zq123q" by chance: only the
            # fixture's tokens are its records.
            found &= set(world.tokens)
            shown |= found
            for token in found:
                label, may_see = world.tokens[token]
                if not may_see(persona):
                    leaks.setdefault((persona.name, f"{name} {url}"), set()).add(label)

    total = sum(len(v) for v in leaks.values())
    print(
        f"\naccess sweep: {len(names)} URL patterns × {len(PERSONAS)} personas, "
        f"{count} requests, {len(world.tokens)} tokens, {total} leaks "
        f"in {len(leaks)} responses"
    )
    lines = [f"{who} {where}: {', '.join(sorted(what))}" for (who, where), what in leaks.items()]
    assert not leaks, f"{total} leaks in {len(leaks)} responses:\n" + "\n".join(sorted(lines))
    # Every record is shown to someone: the sweep reaches the pages that render it.
    unseen = sorted(world.tokens[t][0] for t in set(world.tokens) - shown)
    assert not unseen, "records no page showed to anyone: " + ", ".join(unseen)
    assert not errors, "server errors:\n" + "\n".join(errors)


def _report_row(html: str, pk: int) -> str:
    found = re.search(rf'<tr data-report="{pk}">(.*?)</tr>', html, re.S)
    return found.group(1) if found else ""


@pytest.mark.django_db
def test_national_roles_read_no_progress_of_unapproved_reports(django_user_model):
    """Percent and "at risk" are report content: not in the list, its export or its filter
    for anyone but the agency until the report is approved (numbers carry no token)."""
    from openpyxl import load_workbook

    build_world(django_user_model)
    draft = ProgressReport.objects.get(status=ProgressReport.Status.DRAFT)
    approved = ProgressReport.objects.filter(
        status=ProgressReport.Status.APPROVED, agency__code=OWNER
    ).get()
    national, owner = Client(), Client()
    national.force_login(django_user_model.objects.get(username="coordinator"))
    owner.force_login(django_user_model.objects.get(username="officer_owner"))

    page = national.get("/monitoring/reports/").content.decode()
    assert "83%" not in _report_row(page, draft.pk)
    assert "83%" in _report_row(page, approved.pk)
    assert "83%" in _report_row(owner.get("/monitoring/reports/").content.decode(), draft.pk)

    at_risk = national.get("/monitoring/reports/?progress=at_risk").content.decode()
    assert _report_row(at_risk, approved.pk) and not _report_row(at_risk, draft.pk)

    body = national.get("/monitoring/reports/?export=xlsx").content
    rows = list(load_workbook(io.BytesIO(body)).active.iter_rows(min_row=2, values_only=True))
    percents = {row[2]: row[5] for row in rows}
    assert percents[draft.subject_title] is None
    assert percents[approved.subject_title] == 83

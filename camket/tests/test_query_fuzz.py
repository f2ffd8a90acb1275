"""Every list view's query parameters, fuzzed as every kind of persona: never a server error.

The views are found by walking the URL resolver; each declares the parameters it reads with
``camket.querystring.reads_query`` (a view whose code reads ``request.GET`` without declaring
fails ``test_every_view_reading_the_query_string_declares_it``). Each parameter gets each
hostile value in turn, alone and all together; the answer must be 200, 302 (sign in), 400 or
404.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from camket.agencies.models import Agency, Membership
from camket.conftest import make_commitment
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports
from camket.registry.models import Commitment

Role = Membership.Role

HOSTILE = [
    "0",
    "-1",
    str(2**63),
    str(10**30),
    "abc",
    "²",  # a digit to str.isdigit, not to int()
    "zz-unknown-choice",
    "",
    "x" * 5000,
    "điều ước 🚀",
    "\x00",
    "1e3",
]
ALLOWED = {200, 302, 400, 404}
PERSONAS = {
    "anonymous": None,
    "no_role": None,
    "officer": ("bct", Role.OFFICER),
    "leader": ("bct", Role.LEADER),
    "observer": ("vpcp", Role.OBSERVER),
    "coordinator": ("bng-vulpdu", Role.COORDINATOR),
}


@dataclass
class Route:
    name: str
    path: str
    callback: object


def walk(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """Every URL pattern of the project: (namespaced name, route text, view callback)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        text = str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, prefix + text, ns)
        elif isinstance(entry, URLPattern):
            yield Route(f"{namespace}{entry.name}", prefix + text, entry.callback)


def own_view(callback) -> bool:
    return getattr(callback, "__module__", "").startswith("camket.")


def fill(route: Route, values: dict[str, object]) -> str:
    path = route.path
    for name, value in values.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path)
    assert "<" not in path, f"{route.name}: no value for {path}"
    return "/" + path


def reads_query_string(callback) -> bool:
    """Whether the view, or a function of its module that it calls, reads ``request.GET``."""
    view = inspect.unwrap(callback)
    if inspect.ismethod(view):
        view = view.__func__
    elif not inspect.isfunction(view):  # a callable instance, e.g. a syndication Feed
        view = type(view)
    source = inspect.getsource(view)
    module = inspect.getmodule(view)
    called = (getattr(module, name, None) for name in set(re.findall(r"(?<![\w.])(\w+)\(", source)))
    helpers = [f for f in called if inspect.isfunction(f) and inspect.getmodule(f) is module]
    return any("request.GET" in inspect.getsource(f) for f in [view, *helpers])


def test_every_view_reading_the_query_string_declares_it():
    undeclared = [
        route.name
        for route in walk()
        if own_view(route.callback)
        and reads_query_string(route.callback)
        and not getattr(route.callback, "query_params", ())
    ]
    assert undeclared == []


@pytest.fixture
def world(db, django_user_model):
    public = make_commitment()
    restricted = make_commitment(
        "vn/agreement/2024/btc-hai-quan",
        kind=Commitment.Kind.INTERNATIONAL_AGREEMENT,
        title_vi="Thỏa thuận hợp tác hải quan",
        lead="btc",
        confidentiality=Commitment.Confidentiality.RESTRICTED,
    )
    task = make_task(public)
    make_task(restricted, lead="btc", title="Trao đổi thông tin hải quan")
    cycle = make_cycle("bct", "btc")
    open_reports(cycle)
    clients = {}
    for name, membership in PERSONAS.items():
        client = Client(raise_request_exception=False)
        if name != "anonymous":
            user = django_user_model.objects.create_user(username=f"fuzz_{name}")
            if membership:
                agency = Agency.objects.get(code=membership[0])
                Membership.objects.create(user=user, agency=agency, role=membership[1])
            client.force_login(user)
        clients[name] = client
    # Converters of list views that live under a record's URL.
    fills = {
        "obligations:assistant": {"code": public.code},
        "obligations:obligation-detail": {"pk": task.obligations.get().pk},
        **_scoring_fills(cycle),
        **_review_fills(),
        "portal:business-sector": {"sector": "agriculture"},
        "consultation:consultation-create": {"code": public.code},
    }
    return clients, fills


def _scoring_fills(cycle) -> dict[str, dict]:
    """The cycle's scorecards (issue 13): a scorecard and a score page read the query string."""
    from camket.evaluation.scoring import actions
    from camket.evaluation.scoring.defaults import default_criteria
    from camket.evaluation.scoring.models import Score

    criteria = actions.create_criteria_set(default_criteria(), acting_user=None)
    actions.approve_criteria_set(criteria, acting_user=None)
    actions.compute_scorecards(criteria, cycle, acting_user=None)
    score = Score.objects.exclude(formula="").select_related("scorecard").first()
    return {
        "scoring:scorecard-detail": {"pk": score.scorecard_id},
        "scoring:score-records": {"pk": score.pk},
    }


def _review_fills() -> dict[str, dict]:
    """A review campaign (issue 13): its national synthesis reads ``format``."""
    import datetime as dt

    from camket.evaluation.reviews.actions import CampaignData, open_campaign

    campaign = open_campaign(
        CampaignData(
            title="Rà soát năm 2025",
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 12, 31),
            due_on=dt.date(2026, 11, 15),
        ),
        acting_user=None,
    )
    return {"reviews:campaign-synthesis": {"pk": campaign.pk}}


def list_views(fills) -> list[tuple[Route, str]]:
    found = []
    for route in walk():
        if getattr(route.callback, "query_params", ()):
            found.append((route, fill(route, fills.get(route.name, {}))))
    return found


def test_list_view_parameters_never_cause_a_server_error(world):
    clients, fills = world
    views = list_views(fills)
    assert len(views) >= 12  # the walk found the list views
    failures, requests = [], 0
    for route, url in views:
        names = route.callback.query_params
        queries = [{name: value} for name in names for value in HOSTILE]
        queries += [dict.fromkeys(names, value) for value in HOSTILE]
        if "export" in names:
            queries += [{**q, "export": "xlsx"} for q in queries if "export" not in q]
        for persona, client in clients.items():
            # Signing in comes first: an anonymous request is redirected whatever it asks.
            for query in queries if persona != "anonymous" else queries[-len(HOSTILE) :]:
                response = client.get(url + "?" + urlencode(query))
                requests += 1
                if response.status_code not in ALLOWED:
                    shown = {k: v[:40] for k, v in query.items()}
                    failures.append(f"{persona} {url}?{shown!r} → {response.status_code}")
    print(f"{len(views)} list views, {requests} requests, {len(failures)} failed")
    assert failures == [], f"{len(failures)} of {requests} requests failed:\n" + "\n".join(
        failures[:40]
    )

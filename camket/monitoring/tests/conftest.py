import pytest

from camket.conftest import make_commitment
from camket.monitoring.tests.factories import make_cycle, make_task, open_reports


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def bct_task(vkfta):
    return make_task(vkfta)


@pytest.fixture
def btc_task(restricted_btc):
    return make_task(
        restricted_btc,
        lead="btc",
        title="Xây dựng cơ chế trao đổi thông tin hải quan",
        due_on="2026-05-31",
    )


@pytest.fixture
def cycle(bct_task, btc_task):
    return make_cycle("bct", "btc")


@pytest.fixture
def reports(cycle):
    """{agency code: report} for the cycle's two task reports."""
    return {r.agency.code: r for r in open_reports(cycle)}


@pytest.fixture
def bct_report(reports):
    return reports["bct"]


__all__ = ["make_commitment"]

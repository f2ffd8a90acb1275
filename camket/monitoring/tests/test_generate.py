from django.core.management import call_command

from camket.monitoring.models import CycleTally, ProgressReport, ReportingCycle
from camket.obligations.models import Task
from camket.registry.models import Commitment
from camket.registry.search import title_matches


def _fingerprint():
    return list(ProgressReport.objects.order_by("pk").values_list("status", "percent_done"))[:200]


def test_generate_small_is_deterministic(db, capsys):
    call_command(
        "generate", "--scale", "small", "--seed", "7", "--today", "2026-07-20", verbosity=0
    )
    assert "inserted commitments: 40" in capsys.readouterr().out
    assert Task.objects.count() == 200
    assert ProgressReport.objects.count() == 600
    assert ReportingCycle.objects.filter(is_closed=True).count() == 2
    assert CycleTally.objects.exists()
    generated = Commitment.objects.filter(code__startswith="gen/")
    assert title_matches("thoa thuan hop tac", generated).count() == 40  # indexed, unaccented
    first = _fingerprint()
    ProgressReport.objects.all().delete()
    ReportingCycle.objects.all().delete()
    Task.objects.all().delete()
    call_command(
        "generate", "--scale", "small", "--seed", "7", "--today", "2026-07-20", verbosity=0
    )
    assert _fingerprint() == first

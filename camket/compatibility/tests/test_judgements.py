"""Accepted and rejected provisions are kept as relevance judgements, exported and evaluated."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from camket.compatibility import retrieval
from camket.compatibility.models import ProvisionLink, RelevanceJudgement
from camket.compatibility.tests.conftest import ART_170
from lawcore.retrieval.evaluate import evaluate_judgements, read_judgements
from lawcore.retrieval.evaluate import main as evaluate_main

CONFIRM = {
    "legal_provision": ART_170,
    "relation": "subset",
    "verdict": "partly",
    "rationale": "Điều 170 cho phép thành lập tổ chức đại diện người lao động.",
}


def other_suggestion(obligation) -> str:
    """A provision the engine suggests for ``obligation`` besides Điều 170."""
    codes = [s.provision.code for s in retrieval.suggest(obligation.text, top_k=10)]
    assert ART_170 in codes
    return next(c for c in codes if c != ART_170)


def decide(client, obligation, wrong: str) -> None:
    confirm = reverse("compatibility:obligation-confirm", args=[obligation.pk])
    reject = reverse("compatibility:obligation-reject", args=[obligation.pk])
    assert client.post(confirm, CONFIRM).status_code == 302
    assert client.post(reject, {"legal_provision": wrong}).status_code == 302


def test_confirm_and_reject_store_judgements(client, officer_bct, corpus, association):
    client.force_login(officer_bct)
    wrong = other_suggestion(association)
    decide(client, association, wrong)
    accepted, rejected = RelevanceJudgement.objects.order_by("pk")
    assert (accepted.provision_code, accepted.relevance) == (ART_170, 1)
    assert (rejected.provision_code, rejected.relevance) == (wrong, 0)
    for row in (accepted, rejected):
        assert row.query_text == association.text  # the text the engine searched
        assert row.source == f"obligation:{association.pk}"
        assert row.suggested and row.judged_by == officer_bct and row.judged_at is not None


def test_not_related_confirmation_is_a_negative_and_gaps_are_not_judgements(
    client, officer_bct, corpus, association
):
    client.force_login(officer_bct)
    confirm = reverse("compatibility:obligation-confirm", args=[association.pk])
    client.post(confirm, {**CONFIRM, "relation": "not_related"})
    assert RelevanceJudgement.objects.get().relevance == 0
    gap = {"verdict": "gap", "rationale": "Chưa có quy định trong nước."}
    assert client.post(confirm, gap).status_code == 302
    assert ProvisionLink.objects.filter(legal_provision=None).exists()
    assert RelevanceJudgement.objects.count() == 1


def test_refused_assessment_stores_no_judgement(client, officer_btc, corpus, association):
    client.force_login(officer_btc)  # reads the commitment, cannot assess it
    reject = reverse("compatibility:obligation-reject", args=[association.pk])
    assert client.post(reject, {"legal_provision": ART_170}).status_code == 404
    assert not RelevanceJudgement.objects.exists()


def test_export_reads_back_and_evaluates_the_engine(
    client, officer_bct, corpus, association, tmp_path
):
    client.force_login(officer_bct)
    wrong = other_suggestion(association)
    decide(client, association, wrong)
    out = tmp_path / "judgements.jsonl"
    stdout = io.StringIO()
    call_command("export_judgements", str(out), stdout=stdout)
    assert "2 judgements" in stdout.getvalue()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["judged_by"] for line in lines} == {officer_bct.get_username()}
    (query,) = read_judgements(lines)
    assert query.text == association.text
    assert query.relevant == {ART_170} and query.rejected == {wrong}

    index = retrieval.get_index()
    report = evaluate_judgements(
        [query], lambda text: [h.id for h in index.search(text, top_k=100, explain=False)]
    )
    assert report.scored == 1 and report.metrics["R@10"] == 1.0
    assert report.rejected_in_top10 == 1.0  # the rejected provision is still suggested
    # A ranking that puts the rejected provision first and the accepted one second scores less.
    worse = evaluate_judgements([query], lambda text: [wrong, ART_170])
    assert worse.metrics["MRR@10"] == 0.5 and worse.metrics["Acc@1"] == 0.0

    printed = io.StringIO()
    with redirect_stdout(printed):
        evaluate_main(["--index", str(retrieval.index_dir()), "--judgements", str(out)])
    figures = json.loads(printed.getvalue())
    assert figures["queries_scored"] == 1 and figures["R@10"] == 1.0


def test_export_to_a_missing_folder_names_it(db, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_judgements", str(tmp_path / "nowhere" / "j.jsonl"))

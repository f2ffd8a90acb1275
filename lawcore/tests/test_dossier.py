"""Dossier checklists per legal basis, compared item by item with committed golden files.

A golden file is ``data/dossier/<basis>.expected.json``: for each stage the basis has, the items
with their code, titles, article, kind, who gives the opinion and the time limit. Regenerate
with ``CAMKET_REGENERATE_GOLDEN=1`` only after checking the change against the law.
"""

import dataclasses
import json
import os
from pathlib import Path

import pytest

from lawcore import dossier, gate, lifecycle

DATA = Path(__file__).parent / "data" / "dossier"

# (basis, flags) -> golden file; the flags cases cover the items that only some proposals need.
CASES = {
    **{basis: (basis, {}) for basis in dossier.LEGAL_BASES},
    "treaty_government+amends_law+oda_loan": (
        dossier.TREATY_GOVERNMENT,
        {"amends_law": True, "oda_loan": True},
    ),
    "treaty_state+agreed_in_principle+appraisal_council": (
        dossier.TREATY_STATE,
        {"agreed_in_principle": True, "appraisal_council": True},
    ),
    "agreement_province+defence+security+investment": (
        dossier.AGREEMENT_PROVINCE,
        {"defence": True, "security": True, "investment": True},
    ),
}


def _stages(basis: str) -> tuple[str, ...]:
    if basis in {dossier.TREATY_STATE, dossier.TREATY_GOVERNMENT}:
        level = lifecycle.STATE if basis == dossier.TREATY_STATE else lifecycle.GOVERNMENT
        return gate.stages_for(lifecycle.TREATY, level)
    if basis in {dossier.LEADERS_STATEMENT, dossier.REVIEW}:
        return (gate.ADOPTION,)
    return gate.stages_for(lifecycle.AGREEMENT)


def _generated(basis: str, flags: dict) -> dict:
    return {
        stage: [
            {**dataclasses.asdict(item), "article": item.article.label_vi()}
            for item in dossier.checklist(basis, stage, **flags)
        ]
        for stage in _stages(basis)
    }


@pytest.mark.parametrize("case", CASES)
def test_checklist_matches_its_golden_file_item_by_item(case):
    basis, flags = CASES[case]
    path = DATA / f"{case}.expected.json"
    generated = _generated(basis, flags)
    if os.environ.get("CAMKET_REGENERATE_GOLDEN"):
        path.write_text(json.dumps(generated, ensure_ascii=False, indent=2) + "\n")
    expected = json.loads(path.read_text())
    assert list(generated) == list(expected)
    for stage, items in expected.items():
        got = generated[stage]
        assert [i["code"] for i in got] == [i["code"] for i in items], stage
        for mine, golden in zip(got, items, strict=True):
            assert mine == golden, (stage, golden["code"])


def test_item_codes_are_unique_and_stable_in_shape():
    for case, (basis, flags) in CASES.items():
        for stage in _stages(basis):
            codes = [item.code for item in dossier.checklist(basis, stage, **flags)]
            assert len(codes) == len(set(codes)), (case, stage)
            assert all(code.count(".") >= 2 for code in codes)


def test_law_137_shortened_the_negotiation_opinions_to_ten_days():
    items = dossier.checklist(dossier.TREATY_GOVERNMENT, gate.NEGOTIATION)
    opinions = [i for i in items if i.kind == dossier.OPINION]
    assert {i.opinion_from for i in opinions} == {dossier.MOFA, dossier.MOJ, dossier.CONSULTED}
    assert {(i.time_limit, i.time_unit, i.verified) for i in opinions} == {(10, "days", True)}
    assert all(i.article.amended_by == "137/2025/QH15" for i in opinions)


def test_signature_dossier_has_the_reports_of_article_17():
    codes = {i.code for i in dossier.checklist(dossier.TREATY_STATE, gate.SIGNATURE)}
    for key in ("impact", "treaty_compatibility", "law_compatibility", "implementation_plan"):
        assert f"treaty.signature.{key}" in codes
    moj = next(
        i
        for i in dossier.checklist(dossier.TREATY_STATE, gate.SIGNATURE)
        if i.opinion_from == dossier.MOJ
    )
    assert (moj.time_limit, moj.verified) == (10, True)


def test_the_na_standing_committee_is_consulted_only_when_laws_must_change():
    def bodies(**flags):
        items = dossier.checklist(dossier.TREATY_GOVERNMENT, gate.SIGNATURE, **flags)
        return {i.opinion_from for i in items}

    assert dossier.NA_STANDING_COMMITTEE not in bodies()
    assert dossier.NA_STANDING_COMMITTEE in bodies(amends_law=True)
    # Not when the National Assembly itself ratifies (art. 14(1), last sentence).
    assert dossier.NA_STANDING_COMMITTEE not in bodies(amends_law=True, na_decides=True)


def test_oda_loans_need_the_ministry_of_finance_under_the_public_debt_law():
    items = dossier.checklist(dossier.TREATY_GOVERNMENT, gate.APPROVAL, oda_loan=True)
    mof = [i for i in items if i.opinion_from == dossier.MOF]
    assert len(mof) == 1 and mof[0].article.law == "20/2017/QH14"


def test_an_agreement_assesses_feasibility_and_effectiveness_with_mofa_in_seven_working_days():
    items = dossier.checklist(dossier.AGREEMENT_MINISTRY, gate.SIGNATURE)
    feasibility = next(i for i in items if i.code == "agreement.signature.feasibility")
    assert feasibility.kind == dossier.ASSESSMENT
    assert "27(1)(e)" in feasibility.article.articles
    mofa = next(i for i in items if i.opinion_from == dossier.MOFA)
    assert (mofa.time_limit, mofa.time_unit) == (7, "working_days")
    assert mofa.article.articles.startswith("17(1)")


def test_unverified_figures_are_flagged_never_silent():
    flagged = {
        (i.code, i.time_limit)
        for basis in (dossier.TREATY_STATE, dossier.TREATY_GOVERNMENT)
        for stage in _stages(basis)
        for i in dossier.checklist(basis, stage)
        if i.time_limit and not i.verified
    }
    assert ("treaty.signature.opinion.mofa", dossier.MOFA_CHECK_DAYS_UNVERIFIED) in flagged
    assert ("treaty.ratification.opinion.mofa", 15) in flagged


@pytest.mark.parametrize(
    ("kind", "level", "basis"),
    [
        (lifecycle.TREATY, "state", dossier.TREATY_STATE),
        (lifecycle.TREATY, "government", dossier.TREATY_GOVERNMENT),
        (lifecycle.AGREEMENT, "province", dossier.AGREEMENT_PROVINCE),
        (lifecycle.AGREEMENT, "national_assembly", dossier.AGREEMENT_NATIONAL_ASSEMBLY),
        (lifecycle.STATEMENT, "state", dossier.LEADERS_STATEMENT),
        (lifecycle.REVIEW, "state", dossier.REVIEW),
    ],
)
def test_legal_basis_of_a_register_entry(kind, level, basis):
    assert dossier.legal_basis_for(kind, level) == basis


def test_a_stage_the_basis_does_not_have_is_refused():
    with pytest.raises(ValueError):
        dossier.checklist(dossier.TREATY_STATE, gate.APPROVAL)
    with pytest.raises(ValueError):
        dossier.checklist(dossier.AGREEMENT_MINISTRY, gate.RATIFICATION)
    with pytest.raises(ValueError):
        dossier.checklist("unknown", gate.SIGNATURE)

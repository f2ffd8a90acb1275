"""Every chart on the dashboards has a text alternative: a named image described by its table of figures."""

import json
import re

import lxml.html
import pytest
from django.urls import reverse

DASHBOARDS = ["monitoring:dashboard"]


def digits(figure) -> str:
    """A figure without its separators, which the Vietnamese and English formats write differently."""
    return re.sub(r"\D", "", str(figure))


def chart_problems(html: str) -> list[str]:
    """What is wrong with the text alternatives of the charts in a page (empty when all is well)."""
    doc = lxml.html.fromstring(html)
    problems = []
    charts = doc.xpath("//*[@data-chart]")
    for chart in charts:
        name = chart.get("data-chart")
        if chart.get("role") != "img" or not (chart.get("aria-label") or "").strip():
            problems.append(f"{name}: not a named image")
        ids = (chart.get("aria-describedby") or "").split()
        tables = [t for i in ids for t in doc.xpath("//*[@id=$i]", i=i) if t.tag == "table"]
        if len(tables) != 1:
            problems.append(f"{name}: aria-describedby {ids} does not name one table in the page")
            continue
        if tables[0].xpath("@aria-label | @aria-labelledby | caption"):
            # A table's own name would be read instead of its figures (accessible name computation).
            problems.append(
                f"{name}: the table has a name of its own, read out instead of its figures"
            )
        spec = json.loads(doc.xpath("//script[@id=$i]", i=name)[0].text)
        rows = [
            (
                "".join(r.xpath("th")[0].itertext()).strip(),
                "".join(r.xpath("td")[0].itertext()).strip(),
            )
            for r in tables[0].xpath(".//tr[th]")
        ]
        figures = [(item["label"], digits(item["count"])) for item in spec["items"]]
        if [(label, digits(count)) for label, count in rows] != figures:
            problems.append(
                f"{name}: the table {rows} does not state the chart's figures {figures}"
            )
    return problems if charts else ["no chart in the page"]


@pytest.mark.parametrize("persona", ["coordinator", "officer_bct", "leader_bct"])
def test_every_chart_is_described_by_a_table_of_its_figures(client, request, reports, persona):
    client.force_login(request.getfixturevalue(persona))
    for name in DASHBOARDS:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert chart_problems(response.content.decode()) == [], name


def test_a_chart_without_its_table_is_reported():
    spec = '<script id="chart-x" type="application/json">{"type": "pie", "items": []}</script>'
    bare = f'<div data-chart="chart-x" role="img" aria-label="X"></div>{spec}'
    assert chart_problems(f"<main>{bare}</main>") == [
        "chart-x: aria-describedby [] does not name one table in the page"
    ]


def test_a_table_named_instead_of_read_is_reported():
    spec = '<script id="chart-x" type="application/json">{"type": "pie", "items": []}</script>'
    chart = '<div data-chart="chart-x" role="img" aria-label="X" aria-describedby="t"></div>'
    table = '<table id="t" aria-label="X"><tr><th>a</th><td>1</td></tr></table>'
    assert chart_problems(f"<main>{chart}{spec}{table}</main>")[0] == (
        "chart-x: the table has a name of its own, read out instead of its figures"
    )

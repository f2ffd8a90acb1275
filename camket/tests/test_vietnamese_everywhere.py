"""Vietnamese everywhere a user looks (issue 11): no untranslated text, no raw code.

The crawl logs in as every demo persona (and anonymous) in the Vietnamese UI, starts from the
home page and from every URL pattern filled with real records (the access sweep's fixture, which
holds every kind of record), follows the links of each page within the site (bounded per URL
name), opens every export it meets (XLSX, DOCX, PDF) and fails on what
``camket.i18n_scan.Vocabulary`` finds. The detector itself is tested first, on the kinds of fault
it must catch.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict, deque
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from camket.i18n_scan import Finding, Vocabulary, html_segments

MAX_PER_SHAPE = 2  # pages per (URL name, query keys) and persona
MAX_PER_PERSONA = 200
# Django's admin is the administrators' back office: it edits codes as data and lists the
# models of third-party apps (django-axes, django-otp, django-tasks) in their own words.
SKIP_PREFIXES = ("/static/", "/media/", "/admin/", "/logout", "/accounts/logout", "/i18n/")


@pytest.fixture
def vocabulary(db):
    return Vocabulary.from_project()


########## The detector catches each kind of fault ##########


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("html", "kind"),
    [
        ('<p><span class="chip">Loại: treaty</span></p>', "code"),
        ("<td>in_force</td>", "code"),
        ("<td>commitment.imported</td>", "code"),
        ("<td><code>lead_agency</code>: A → B</td>", "code"),
        ("<p>Đề xuất (score=0.42)</p>", "debug"),
        ("<p>&lt;Commitment: vn/treaty&gt;</p>", "debug"),
        ("<p>Giá trị: None</p>", "debug"),
        ("<td>Kinh phí: 500000000</td>", "debug"),
        ("<li>bao-cao.docx <span>text · 2,0 KB</span></li>", "code"),
        ("<button>Save</button>", "untranslated"),
        ('<input type="search" placeholder="Search">', "untranslated"),
        ("<p>Đối tác: KOR, JPN</p>", "iso code"),
        ("<p>Open the report and submit it before the deadline</p>", "english"),
    ],
)
def test_detector_finds_each_kind_of_fault(vocabulary, html, kind):
    found = [
        f
        for text, en in html_segments(html)
        for f in vocabulary.check_text(text, english_content=en)
    ]
    assert kind in {f.kind for f in found}, found


@pytest.mark.django_db
def test_detector_accepts_vietnamese_and_marked_english_content(vocabulary):
    html = (
        "<h1>Hiệp định Đối tác Toàn diện và Tiến bộ xuyên Thái Bình Dương (CPTPP)</h1>"
        '<p lang="en">Comprehensive and Progressive Agreement for Trans-Pacific Partnership</p>'
        "<p>Mã: vn/treaty/2018/cptpp · tệp bao-cao-2026.docx · www.mofa.gov.vn</p>"
        "<td>500.000.000 đ</td><td>Đang có hiệu lực</td><td>Năm 2025</td>"
        "<span>PDF · 2,0 KB · SHA-256 0000000000000000…</span>"
        "<p>Hiệp định về thương mại · Agreement on trade</p>"
        "<td>Đảo Hớt và quần đảo Mác-đô-nan</td>"  # a transcribed syllable, not NaN
    )
    found = [
        f
        for text, en in html_segments(html)
        for f in vocabulary.check_text(text, english_content=en)
    ]
    assert found == []


@pytest.mark.django_db
def test_detector_reads_export_cells(vocabulary):
    assert {f.kind for f in vocabulary.check_cell("human_rights, trade")} == {"code"}
    assert {f.kind for f in vocabulary.check_cell("in_force")} == {"code"}
    assert vocabulary.check_cell("Quyền con người, Thương mại") == []
    assert vocabulary.check_cell("Agreement on Trade in Goods") == []  # content: an English title


def test_money_is_grouped_the_vietnamese_way():
    from camket.registry.templatetags.registry_extras import vnd

    assert vnd(500_000_000) == "500.000.000 đ"
    assert vnd("1234567.50") == "1.234.567,5 đ"
    assert vnd(None) == "–"


########## The crawl ##########


def _export_texts(response) -> list[str] | None:
    """The cells / paragraphs of an XLSX, DOCX or PDF answer; None for anything else."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if body.startswith(b"PK") and "spreadsheet" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        # Numbers and dates are cells with a number format, not text: only text cells are read.
        rows = (row for ws in book for row in ws.iter_rows(values_only=True))
        return [v for row in rows for v in row if isinstance(v, str) and v]
    if body.startswith(b"PK") and "wordprocessing" in kind:
        import docx

        document = docx.Document(io.BytesIO(body))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        return parts
    if body.startswith(b"%PDF"):
        import pypdfium2

        pdf = pypdfium2.PdfDocument(body)
        return [line for page in pdf for line in page.get_textpage().get_text_range().splitlines()]
    return None


def _shape(url: str) -> tuple[str, tuple[str, ...]] | None:
    path, _, query = url.partition("?")
    try:
        match = resolve(path)
    except Resolver404:
        return None
    keys = tuple(sorted({k for k, _v in parse_qsl(query)}))
    return (match.view_name, keys)


def _links(html: str, base: str) -> list[str]:
    import lxml.html

    root = lxml.html.document_fromstring(html)
    found = []
    for a in root.iter("a"):
        href = a.get("href")
        if not href or href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        url = urldefrag(urljoin(base, href))[0]
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != "testserver":
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


class _NamedUsers:
    """The access sweep's users under names a person could have (``tk-officer-owner``), with a
    full name: its persona names ("observer", "coordinator") are also role codes."""

    def __init__(self, model):
        self.model, self.objects = model, self

    def create_user(self, username, **kwargs):
        return self.model.objects.create_user(
            username="tk-" + username.replace("_", "-"),
            first_name="Nguyễn Văn",
            last_name="Thử",
            **kwargs,
        )


def crawl(client: Client, starts: list[str], vocabulary: Vocabulary):
    """Pages visited and findings (url → findings) for one signed-in client."""
    queue, seen, per_shape = deque(starts), set(), Counter()
    findings: dict[str, list[Finding]] = {}
    visited = 0
    while queue and visited < MAX_PER_PERSONA:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP_PREFIXES):
            continue
        seen.add(url)
        shape = _shape(url)
        if shape is None or per_shape[shape] >= MAX_PER_SHAPE:
            continue
        per_shape[shape] += 1
        response = client.get(url)
        visited += 1
        if response.status_code >= 300:
            continue
        texts = _export_texts(response)
        found: list[Finding] = []
        if texts is not None:
            for cell in texts:
                found += vocabulary.check_cell(cell)
        elif "text/html" in response.get("Content-Type", ""):
            html = response.content.decode()
            for text, english in html_segments(html):
                found += vocabulary.check_text(text, english_content=english)
            queue.extend(_links(html, url))
        if found:
            findings[url] = found
    return visited, findings


@pytest.mark.crawl
@pytest.mark.django_db
def test_every_page_as_every_persona_reads_vietnamese(django_user_model, settings):
    """0 untranslated strings and 0 raw codes on every page and export, as every persona."""
    from camket.registry.management.commands.createdemo import DEMO_USERS
    from camket.tests.test_access_sweep import build_world, plan_requests

    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    call_command("createdemo", "--no-texts", stdout=io.StringIO())
    world, _users = build_world(_NamedUsers(django_user_model))
    requests, _unfilled = plan_requests(world)
    starts = ["/", *(url for _name, url in requests)]
    vocabulary = Vocabulary.from_project()

    report, problems = [], defaultdict(set)
    personas = [None, *(username for username, *_rest in DEMO_USERS)]
    for username in personas:
        client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="vi")
        if username:
            client.force_login(django_user_model.objects.get(username=username))
        visited, findings = crawl(client, starts, vocabulary)
        report.append(f"{username or 'anonymous'}: {visited} pages, {len(findings)} with findings")
        for url, found in findings.items():
            for f in found:
                problems[(f.kind, f.text)].add((f"{username or 'anonymous'} {url}", f.context))
    print("\nVietnamese crawl: " + "; ".join(report))
    lines = [
        f"{kind}: {text!r} — {len(where)} page(s), e.g. {sorted(where)[0][0]} in "
        f"{sorted(where)[0][1][:100]!r}"
        for (kind, text), where in sorted(problems.items())
    ]
    print(f"{len(problems)} distinct findings\n" + "\n".join(lines))
    assert not problems, f"{len(problems)} untranslated strings or raw codes:\n" + "\n".join(lines)

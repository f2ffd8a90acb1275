import socket
import time
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from lawcore import shared_data
from lawcore.tota import (
    TotaError,
    iter_tota_files,
    parse_tota,
    split_article_heading,
    tidy_text,
)

DATA = Path(__file__).parent / "data"
GOOD = DATA / "tota_good.xml"


def good_text() -> str:
    return GOOD.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def parse_error(xml: str | bytes, name: str = "pta_x.xml") -> TotaError:
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    with pytest.raises(TotaError) as caught:
        parse_tota(data, name=name)
    return caught.value


# --- a good file ------------------------------------------------------------------------------


def test_good_file_metadata_is_read():
    treaty = parse_tota(GOOD)
    assert treaty.identifier == "401"
    assert treaty.name == "Rep. of Korea - Viet Nam"
    assert treaty.type == "Free Trade Agreement & Economic Integration Agreement"
    assert treaty.wto_rta_id == 709
    assert treaty.status == "In Force"
    assert treaty.date_signed == date(2015, 5, 5)
    assert treaty.date_into_force == date(2015, 12, 20)
    assert treaty.date_inactive is None
    assert treaty.end_implementation is None
    assert treaty.parties == ("KOR", "VNM")  # the empty <partyisocode n="3"/> is skipped
    assert treaty.parties_original == ("KOR", "VNM")
    assert (treaty.composition, treaty.region, treaty.language) == ("Bilateral", "East Asia", "en")
    assert [(s.lang, s.type) for s in treaty.sources] == [("en", "full text"), ("en", "annex")]
    assert treaty.related_wto_rta_ids == (148,)


def test_good_file_structure_and_article_numbers():
    treaty = parse_tota(GOOD)
    assert [(c.identifier, c.number, c.name) for c in treaty.chapters] == [
        ("630", None, "Preamble"),
        ("631", "CHAPTER 1", "General Provisions"),
        ("3935", "CHAPTER 17", "Final Provisions"),
    ]
    numbered = [(a.identifier, a.number, a.heading) for a in treaty.iter_articles()]
    assert numbered == [
        ("33799", None, None),
        ("33800", "1.1", "Establishment Of A Free Trade Area"),
        ("33801", "1.2", "Objectives"),
        ("33802", "1.3", "Relation to Other Agreements"),  # split from the text
        ("34200", "17.5", "Entry Into Force And Termination"),
        ("34201", None, None),
    ]


def test_article_text_is_whole_tidied_and_nfc():
    articles = {a.identifier: a for a in parse_tota(GOOD).iter_articles()}
    assert articles["33802"].text.startswith("Article 1.3: Relation to Other Agreements\n1. The")
    assert articles["33801"].text == (
        "The objectives of this Agreement are to:\n"
        "(a) liberalise and facilitate trade in goods and services between the Parties; and\n"
        "(b) promote competition in their markets."
    )
    preamble = articles["33799"].text
    assert "relations;\n\nDesiring" in preamble  # three blank lines become one
    closing = articles["34201"].text
    assert "DONE at Hà Nội" in closing
    assert unicodedata.is_normalized("NFC", closing)


def test_bytes_and_path_give_the_same_treaty():
    assert parse_tota(GOOD.read_bytes()) == parse_tota(GOOD) == parse_tota(str(GOOD))


def test_fingerprint_ignores_layout_but_not_content():
    reference = parse_tota(GOOD)
    reindented = parse_tota(good_text().replace("\n    <", "\n\t\t<").encode("utf-8"))
    assert reindented.checksum != reference.checksum
    assert reindented.fingerprint() == reference.fingerprint()
    edited = parse_tota(good_text().replace("60 days", "90 days").encode("utf-8"))
    assert edited.fingerprint() != reference.fingerprint()
    assert len(reference.fingerprint()) == 64


def test_nested_chapters_and_annexes_are_kept():
    xml = good_text().replace(
        '<chapter number="CHAPTER 17"',
        '<chapter number="CHAPTER 16" chapter_identifier="9">'
        '<annex name="Schedule" chapter_identifier="10">'
        '<article article_identifier="11">Article 16.1 Tariff Schedule\nSee the schedule.</article>'
        "</annex></chapter>\n"
        '<chapter number="CHAPTER 17"',
    )
    treaty = parse_tota(xml.encode("utf-8"))
    nested = treaty.chapters[2]
    assert (nested.identifier, nested.articles) == ("9", ())
    assert [(c.kind, c.identifier) for c in nested.chapters] == [("annex", "10")]
    assert [a.number for a in nested.iter_articles()] == ["16.1"]
    assert sum(1 for _ in treaty.iter_articles()) == 7


# --- errors name the file and the line ----------------------------------------------------------


def test_malformed_xml_error_names_file_and_line(tmp_path):
    text = good_text().replace(
        '</article>\n    </chapter>\n    <chapter number="CHAPTER 1"',
        ('</artikel>\n    </chapter>\n    <chapter number="CHAPTER 1"'),
    )
    path = tmp_path / "pta_bad.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TotaError) as caught:
        parse_tota(path)
    error = caught.value
    assert error.source == "pta_bad.xml"
    assert error.line == line_of(text, "</artikel>")
    assert str(error).startswith(f"pta_bad.xml, line {error.line}: malformed XML")


def test_empty_file_is_an_error():
    assert parse_error(b"").source == "pta_x.xml"


def test_missing_file_is_an_error_without_line(tmp_path):
    with pytest.raises(TotaError) as caught:
        parse_tota(tmp_path / "pta_0.xml")
    assert caught.value.line is None
    assert str(caught.value).startswith("pta_0.xml: cannot read file")


def test_bad_date_is_an_error_on_its_line():
    text = good_text().replace("2015-05-05", "2015-13-40")
    error = parse_error(text)
    assert error.line == line_of(text, "<date_signed>")
    assert "date_signed" in error.message and "2015-13-40" in error.message


@pytest.mark.parametrize("value", ["05/05/2015", "2015-5-5", "20150505"])
def test_dates_must_be_iso(value):
    assert "date_into_force" in parse_error(good_text().replace("2015-12-20", value)).message


def test_missing_treaty_identifier_is_an_error():
    text = good_text().replace("<treaty_identifier>401</treaty_identifier>", "")
    error = parse_error(text)
    assert error.line == line_of(text, "<meta>")
    assert "treaty_identifier" in str(error)


def test_missing_meta_is_an_error():
    text = good_text()
    start, end = text.index("<meta>"), text.index("</meta>") + len("</meta>")
    error = parse_error(text[:start] + text[end:])
    assert (error.line, "missing <meta>" in str(error)) == (2, True)


def test_repeated_identifier_is_an_error_not_a_silent_pick():
    text = good_text().replace(
        "<treaty_identifier>401</treaty_identifier>",
        "<treaty_identifier>401</treaty_identifier>\n<treaty_identifier>402</treaty_identifier>",
    )
    assert "more than once" in parse_error(text).message


def test_non_numeric_wto_id_is_an_error():
    assert "wto_rta_id" in parse_error(good_text().replace(">709<", ">7O9<")).message


def test_unexpected_element_in_chapter_is_an_error():
    text = good_text().replace('<article number="ARTICLE 1.2"', '<para number="ARTICLE 1.2"')
    text = text.replace(
        "competition in their markets.</article>", "competition in their markets.</para>"
    )
    error = parse_error(text)
    assert error.line == line_of(text, "<para")
    assert "unexpected <para>" in error.message


def test_article_without_identifier_is_an_error():
    text = good_text().replace(' article_identifier="33801"', "")
    assert "article_identifier" in parse_error(text).message


# --- hostile XML ------------------------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE treaty [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n<treaty><meta><treaty_identifier>&lol9;</treaty_identifier></meta><body/></treaty>\n"
)


def test_billion_laughs_is_refused_without_expansion():
    started = time.perf_counter()
    error = parse_error(BILLION_LAUGHS)
    assert time.perf_counter() - started < 1
    assert error.line == 3  # the first <!ENTITY
    assert "entit" in error.message
    assert "lollol" not in str(error)


def test_billion_laughs_in_utf16_is_refused_by_the_parser_too():
    xml = BILLION_LAUGHS.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    error = parse_error(xml.encode("utf-16"))
    assert "lollol" not in str(error)


def test_entity_in_attribute_is_refused():
    xml = (
        '<!DOCTYPE treaty [<!ENTITY x "expanded">]>\n'
        "<treaty><meta><treaty_identifier>1</treaty_identifier><name>n</name></meta>"
        '<body><chapter chapter_identifier="&x;"/></body></treaty>'
    )
    assert "entit" in parse_error(xml).message


def test_external_entity_does_not_read_the_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42", encoding="utf-8")
    doctype = f'<!DOCTYPE treaty [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>\n'
    xml = good_text().replace("<treaty>", doctype + "<treaty>", 1)
    xml = xml.replace("<name>Rep. of Korea - Viet Nam</name>", "<name>&xxe;</name>")
    error = parse_error(xml)
    assert error.line == 2
    assert "TOP-SECRET-42" not in str(error)


def test_external_dtd_is_not_fetched():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(0.2)
        port = server.getsockname()[1]
        xml = good_text().replace(
            "<treaty>",
            f'<!DOCTYPE treaty SYSTEM "http://127.0.0.1:{port}/treaty.dtd">\n<treaty>',
            1,
        )
        error = parse_error(xml)
        with pytest.raises(TimeoutError):
            server.accept()  # nobody connected
    assert "external DTD" in error.message


def test_parameter_entity_fetch_is_refused(tmp_path):
    evil = tmp_path / "evil.dtd"
    evil.write_text('<!ENTITY leak "LEAKED">', encoding="utf-8")
    xml = f'<!DOCTYPE treaty [<!ENTITY % p SYSTEM "{evil.as_uri()}"> %p;]>\n<treaty/>'
    assert "LEAKED" not in str(parse_error(xml))


# --- article numbers and headings -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Article 1.1: Definitions\nFor the purposes of this Chapter:", ("1.1", "Definitions")),
        ("ARTICLE 3 Objectives\nThe objectives of this Agreement are to:", ("3", "Objectives")),
        ("Article 2 – National Treatment\nEach Party shall accord", ("2", "National Treatment")),
        ("ARTICLE 3 Objectives The objectives of this Agreement are", ("3", "Objectives")),
        ("Article 2 National Treatment Each Party shall accord", ("2", "National Treatment")),
        ("Article 6 Definitions For the purposes of this Chapter", ("6", "Definitions")),
        ("ARTICLE XIII\nENTRY INTO FORCE\nThis Agreement shall", ("XIII", "ENTRY INTO FORCE")),
        ("Article 3\n\nRules of Origin\n\n1. Each Party", ("3", "Rules of Origin")),
        ("ARTICLE 5 Rules of origin\nThe Parties", ("5", "Rules of origin")),
        ("Artículo 4.2: Ámbito de Aplicación\n1. El presente", ("4.2", "Ámbito de Aplicación")),
        ("ARTICLE 9 BIS Transparency\nEach Party", ("9 BIS", "Transparency")),
        ("Article G-3. Definitions. In this Chapter", ("G-3", "Definitions")),
        ("Article 13 On matters relating to taxes, fees or any other", ("13", None)),
        ("Article 35\nAnnexes I to V referred to in this Agreement shall be", ("35", None)),
        ("Article 4 1. Each Party shall", ("4", None)),
        ("Article 8 and Chapter 14 shall not apply to this Chapter.", (None, None)),
        ("Article X of GATT 1994 is incorporated into this Agreement.", (None, None)),
        ("Article 20.4 (Disclosure of Information) does not apply", (None, None)),
        ("Articles 15.2 and 15.3 are not to be construed", (None, None)),
        ("Preamble\n\nThe Government of Japan", (None, None)),
    ],
)
def test_split_article_heading(text, expected):
    assert split_article_heading(text) == expected


def test_number_attribute_loses_the_word_article():
    xml = good_text().replace('number="ARTICLE 1.2"', 'number="ARTÍCULO 1-2"')
    xml = xml.replace('number="ARTICLE 17.5"', 'number="ARTICLE - 5"')
    xml = xml.replace('number="ARTICLE 1.1"', 'number="ARTICIE 73"')  # OCR typo in real data
    numbers = [a.number for a in parse_tota(xml.encode("utf-8")).iter_articles()]
    assert numbers == [None, "73", "1-2", "1.3", "5", None]


def test_tidy_text_keeps_paragraphs():
    assert tidy_text("  a \t b\u00a0\u00a0c\n \n\n\n  d  \n e\u3000f ") == "a b c\n\nd\ne f"


# --- files ------------------------------------------------------------------------------------


def test_iter_tota_files_expands_directories_in_natural_order(tmp_path):
    for name in ("pta_10.xml", "pta_2.xml", "pta_1.xml", "notes.txt"):
        (tmp_path / name).write_text("<treaty/>", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pta_3.xml").write_text("<treaty/>", encoding="utf-8")
    extra = tmp_path / "sub" / "pta_3.xml"
    names = [p.name for p in iter_tota_files([tmp_path, extra])]
    assert names == ["pta_1.xml", "pta_2.xml", "pta_10.xml", "pta_3.xml"]


@pytest.mark.shared_data
def test_every_real_tota_file_parses():
    folder = shared_data.shared_data_path("tota", "xml")
    if folder is None:
        pytest.skip(shared_data.skip_reason("tota", "xml"))
    files = list(iter_tota_files([folder]))
    treaties = [parse_tota(path) for path in files]
    articles = [article for treaty in treaties for article in treaty.iter_articles()]
    counts = Counter(
        chapters=sum(len(treaty.chapters) for treaty in treaties),
        articles=len(articles),
        numbered=sum(article.number is not None for article in articles),
        headed=sum(article.heading is not None for article in articles),
    )
    print(f"\nToTA: {len(treaties)} treaties, {dict(counts)}")
    assert len(treaties) == len(files) == 450
    assert len({treaty.identifier for treaty in treaties}) == 450
    assert counts["numbered"] > 0.95 * counts["articles"]
    assert all(treaty.date_signed is not None for treaty in treaties)

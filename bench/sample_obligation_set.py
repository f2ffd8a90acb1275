"""Draw the unlabelled sentences of ``lawcore/tests/data/obligations_v2`` from the shared data.

Run once: ``python -m bench.sample_obligation_set > draft.jsonl``. It uses its own naive splitter
(lines, blank-line blocks, ". " + capital) and never calls ``lawcore.extraction``, so the sample is
drawn, and was labelled, without the extractor's view of the text. Seeded: the same data gives the
same draw.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from pathlib import Path
from xml.etree import ElementTree

from lawcore.shared_data import shared_data_path

ITEM = re.compile(r"^\s*(?:\(?[a-zđ]\)|\(?[ivx]{1,4}\)|\d{1,2}\.|[-•])\s*", re.I)
NUMBERED = re.compile(r"^\s*\d{1,2}\.\s")
SENT = re.compile(r"(?<=[a-zà-ỹ0-9)”\"])[.;]\s+(?=[A-ZÀ-ỸĐ“\"(])")
TREATIES = ("397", "398", "412", "436", "442")  # English texts; pta_450 (TPP) is Spanish
PARTNERS = re.compile(
    r"Japan|Korea|ROK|India|Quad|G7|European|EU|ASEAN|Australia|Singapore|Zealand|United Kingdom|"
    r"France|Canada|Indonesia|Philippines|Germany|Mexico"
)


def units(text: str, heading: str | None = None):
    """(text, lead_in) per sentence or list item; lead_in is the last line ending in ':'."""
    lead = None
    for line in re.split(r"\n\s*\n|\n(?=\s*(?:\(?[a-zđ]\)|\d{1,2}\.)\s)", text):
        line = " ".join(line.split())
        if not line:
            continue
        label = ITEM.match(line)
        # Lettered items inherit any lead-in; numbered ones only an unnumbered lead-in.
        numbered = bool(label and label[0].strip()[:1].isdigit())
        inherits = bool(label) and lead is not None and not (numbered and NUMBERED.match(lead))
        pieces = [p for p in SENT.split(line) if len(p) > 25]
        for index, piece in enumerate(pieces):
            yield piece, lead if inherits and index == 0 else None
        if line.endswith(":"):
            lead = line
        elif not label:
            lead = None


def tota(rng: random.Random):
    for number in TREATIES:
        path = shared_data_path("tota", "xml", f"pta_{number}.xml")
        root = ElementTree.parse(path).getroot()
        pool = []
        for article in root.iter("article"):
            body = "".join(article.itertext())
            for text, lead in units(body):
                pool.append((text, lead, article.get("article_identifier")))
        items = [p for p in pool if p[1]]
        plain = [p for p in pool if not p[1]]
        for text, lead, ident in rng.sample(items, 8) + rng.sample(plain, 10):
            yield {
                "text": text,
                "lead_in": lead,
                "lang": "en",
                "kind": "treaty",
                "source": f"tota/xml/pta_{number}.xml",
                "article_identifier": ident,
            }


def statements(rng: random.Random):
    path = shared_data_path("joint-statements", "statements.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows = [
        r
        for r in rows
        if r.get("is_joint_statement") and PARTNERS.search(r["title"]) and "Viet" not in r["title"]
    ]
    rng.shuffle(rows)
    count = 0
    for row in rows:
        pool = [t for t, _ in units(row["text"]) if 40 < len(t) < 600 and not t.startswith("#")]
        for text in rng.sample(pool, min(3, len(pool))):
            yield {
                "text": text,
                "lead_in": None,
                "lang": "en",
                "kind": "statement",
                "source": "joint-statements/statements.jsonl",
                "title": row["title"][:120],
                "date": row["date"],
            }
            count += 1
            if count >= 72:
                return


def vn_laws(rng: random.Random):
    folder = shared_data_path("vn-laws", "texts")
    files = sorted(folder.glob("*.txt"))
    for path in rng.sample(files, 50):
        lines = path.read_text(encoding="utf-8").splitlines()
        pool, heading, lead = [], None, None
        for line in lines:
            line = line.strip()
            if re.match(r"^Điều \d+", line):
                heading, lead = line, None
                continue
            if heading is None or len(line) < 25:
                continue
            is_item = bool(ITEM.match(line))
            if is_item and lead:
                pool.append((line, lead, heading))
            elif not line.endswith(":"):
                pool.append((line, None, heading))
            if line.endswith(":"):
                lead = line
            elif re.match(r"^\d+\.", line):
                lead = None
        if pool:
            text, lead, heading = rng.choice(pool)
            yield {
                "text": text,
                "lead_in": lead,
                "heading": heading,
                "lang": "vi",
                "kind": "treaty",
                "source": f"vn-laws/texts/{path.name}",
            }


def phapdien(rng: random.Random, doc_type: str, count: int):
    path = shared_data_path("vn-phapdien", "articles.jsonl.gz")
    pool = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if (row["source"] or {}).get("doc_type") == doc_type:
                pool.append(row)
    for row in rng.sample(pool, count):
        candidates = list(units(row["text"].replace("\n", "\n\n")))
        if not candidates:
            continue
        text, lead = rng.choice(candidates)
        yield {
            "text": text,
            "lead_in": lead,
            "heading": row["heading"],
            "lang": "vi",
            "kind": "treaty",
            "source": f"vn-phapdien/{row['source']['doc_number']}",
            "article": row["source"].get("article"),
        }


def directive_56(rng: random.Random):
    path = shared_data_path().parent / "directive-56" / "directive-56-text.txt"
    pool = list(units(path.read_text(encoding="utf-8").replace("\n", "\n\n")))
    for text, lead in rng.sample(pool, min(30, len(pool))):
        yield {
            "text": text,
            "lead_in": lead,
            "lang": "vi",
            "kind": "treaty",
            "source": "directive-56/directive-56-text.txt",
        }


def decision_328(rng: random.Random):
    path = shared_data_path("vn-implementation-plans", "tasks.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for row in rng.sample(rows, 15):
        content = " ".join(row["content_vi"].split())
        lead = " ".join(row["lead_agency_vi"].split())
        coop = " ".join((row["cooperating_agencies_vi"] or "").split())
        yield {
            "text": f"{content}. Cơ quan chủ trì: {lead}. Cơ quan phối hợp: {coop}.",
            "lead_in": None,
            "heading": row["section"],
            "lang": "vi",
            "kind": "treaty",
            "source": "vn-implementation-plans/tasks.jsonl",
            "number": row["number"],
        }


def statements_batch2(taken: set[str]):
    """The second draw (issue 18): 44 more statement sentences, none already labelled."""
    path = shared_data_path("joint-statements", "statements.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows = [
        r
        for r in rows
        if r.get("is_joint_statement") and PARTNERS.search(r["title"]) and "Viet" not in r["title"]
    ]
    rng = random.Random(1818)
    rng.shuffle(rows)
    out = []
    for row in rows:
        pool = [
            t
            for t, _ in units(row["text"])
            if 40 < len(t) < 600 and not t.startswith("#") and t not in taken
        ]
        for text in rng.sample(pool, min(2, len(pool))):
            out.append(
                {"text": text, "lang": "en", "kind": "statement",
                 "source": "joint-statements/statements.jsonl", "title": row["title"][:120],
                 "date": row["date"], "batch": 2}
            )  # fmt: skip
        if len(out) >= 44:
            return out
    return out


BATCH3_TREATIES = ("384", "404", "425", "439", "446")  # English, in no fixture before batch 3


def batch3(taken: set[str]):
    """The third draw (issue 18, English side): 60 treaty units from five agreements no fixture
    used (5 list items under a lead-in and 7 other units each), and 40 statement sentences whose
    title names neither Viet Nam nor the United States, none already labelled."""
    rng = random.Random(1819)
    out = []
    for number in BATCH3_TREATIES:
        path = shared_data_path("tota", "xml", f"pta_{number}.xml")
        root = ElementTree.parse(path).getroot()
        pool = []
        for article in root.iter("article"):
            for text, lead in units("".join(article.itertext())):
                if text not in taken:
                    pool.append((text, lead, article.get("article_identifier")))
        items = [p for p in pool if p[1]]
        plain = [p for p in pool if not p[1]]
        for text, lead, ident in rng.sample(items, 5) + rng.sample(plain, 7):
            out.append(
                {"text": text, "lead_in": lead, "lang": "en", "kind": "treaty",
                 "source": f"tota/xml/pta_{number}.xml", "article_identifier": ident, "batch": 3}
            )  # fmt: skip
    path = shared_data_path("joint-statements", "statements.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows = [
        r
        for r in rows
        if r.get("is_joint_statement")
        and PARTNERS.search(r["title"])
        and not re.search(r"Viet|U\.S|United\s+States|America|Biden|Sullivan", r["title"])
    ]
    rng.shuffle(rows)
    count = 0
    for row in rows:
        pool = [
            t
            for t, _ in units(row["text"])
            if 40 < len(t) < 600 and not t.startswith("#") and t not in taken
        ]
        for text in rng.sample(pool, min(2, len(pool))):
            out.append(
                {"text": text, "lang": "en", "kind": "statement",
                 "source": "joint-statements/statements.jsonl", "title": row["title"][:120],
                 "date": row["date"], "batch": 3}
            )  # fmt: skip
            count += 1
        if count >= 40:
            break
    return out


def batch4(taken: set[str], used_titles: set[str]):
    """The fourth draw (issue 18, statement recall): 84 statement sentences (2 a statement) from
    joint statements with a partner named in the title, none of whose statements any batch used,
    alternating statements that name the United States and those that do not (a mix of partners).
    Labelled before any run and used as TUNING data (``tuned_on``)."""
    rng = random.Random(1820)
    path = shared_data_path("joint-statements", "statements.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows = [
        r
        for r in rows
        if r.get("is_joint_statement")
        and PARTNERS.search(r["title"])
        and "Viet" not in r["title"]
        and r["title"][:120] not in used_titles
    ]
    rng.shuffle(rows)
    us = re.compile(r"U\.S|United\s+States|America|Biden|Sullivan")
    named = [r for r in rows if us.search(r["title"])]
    others = [r for r in rows if not us.search(r["title"])]
    ordered = [r for pair in zip(others, named, strict=False) for r in pair]
    ordered += named[len(others) :] + others[len(named) :]
    out = []
    for row in ordered:
        pool = [
            t
            for t, _ in units(row["text"])
            if 40 < len(t) < 600 and not t.startswith("#") and t not in taken
        ]
        for text in rng.sample(pool, min(2, len(pool))):
            out.append(
                {"text": text, "lang": "en", "kind": "statement",
                 "source": "joint-statements/statements.jsonl", "title": row["title"][:120],
                 "date": row["date"], "batch": 4}
            )  # fmt: skip
        if len(out) >= 84:
            break
    return out


def main() -> int:
    if sys.argv[1:] == ["--batch", "4"]:
        data = Path(__file__).resolve().parent.parent / "lawcore" / "tests" / "data"
        earlier = [
            json.loads(line)
            for name in (
                "obligations_v2/sentences.jsonl",
                "obligation_sentences.jsonl",
                "obligation_sentences_heldout.jsonl",
            )
            for line in (data / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line).get("batch") != 4
        ]
        taken = {row["text"] for row in earlier}
        used = {row["title"][:120] for row in earlier if row.get("title")}
        for number, row in enumerate(batch4(taken, used), start=464):
            row["id"] = number
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    if sys.argv[1:] == ["--batch", "3"]:
        data = Path(__file__).resolve().parent.parent / "lawcore" / "tests" / "data"
        taken = {
            json.loads(line)["text"]
            for name in (
                "obligations_v2/sentences.jsonl",
                "obligation_sentences.jsonl",
                "obligation_sentences_heldout.jsonl",
            )
            for line in (data / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line).get("batch") != 3
        }
        for number, row in enumerate(batch3(taken), start=364):
            row["id"] = number
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    if sys.argv[1:] == ["--batch", "2"]:
        data = Path(__file__).resolve().parent.parent / "lawcore" / "tests" / "data"
        taken = {
            json.loads(line)["text"]
            for name in (
                "obligations_v2/sentences.jsonl",
                "obligation_sentences.jsonl",
                "obligation_sentences_heldout.jsonl",
            )
            for line in (data / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and json.loads(line).get("batch") != 2
        }
        for number, row in enumerate(statements_batch2(taken), start=320):
            row["id"] = number
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    rng = random.Random(18)
    rows = [
        *tota(rng),
        *statements(rng),
        *vn_laws(rng),
        *phapdien(rng, "Nghị định", 45),
        *phapdien(rng, "Quyết định", 22),
        *phapdien(rng, "Chỉ thị", 6),
        *directive_56(rng),
        *decision_328(rng),
    ]
    for number, row in enumerate(rows, start=1):
        row["id"] = number
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

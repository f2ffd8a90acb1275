"""Fail when the Vietnamese catalogue has an untranslated or fuzzy entry (STYLE.md §7).

Usage: ``python -m camket.i18n_check CATALOGUE.po...`` (the project one and each app's).
"""

from __future__ import annotations

import sys
from pathlib import Path


def _entries(text: str):
    """Yield (flags, msgid, msgstrs) for each entry of a .po file."""
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if line]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"') and current:
                fields[current] += line[1:-1]
                continue
            key, _, value = line.partition(" ")
            current = key
            fields[key] = value.strip()[1:-1]
        msgid = fields.get("msgid")
        if msgid is None:
            continue
        strs = [v for k, v in fields.items() if k.startswith("msgstr")]
        yield flags, msgid, strs


def problems(path: Path) -> list[str]:
    found = []
    for flags, msgid, strs in _entries(path.read_text(encoding="utf-8")):
        if not msgid:
            continue  # the header
        if "fuzzy" in flags:
            found.append(f"fuzzy: {msgid!r}")
        elif not strs or not all(strs):
            found.append(f"untranslated: {msgid!r}")
    return found


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv[1:] if Path(p).exists()] or [
        Path("locale/vi/LC_MESSAGES/django.po")
    ]
    total = 0
    for path in paths:
        found = problems(path)
        total += len(found)
        for line in found:
            print(f"{path}: {line}")
        print(f"{path}: {len(found)} problem(s)")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

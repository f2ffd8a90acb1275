"""Parse Vietnamese legal document numbers ("số ký hiệu văn bản") such as ``15/2022/NĐ-CP``.

A number has up to three slash-separated parts: the serial number, the year (absent for many
decisions and for Party documents) and a symbol made of a type code and one or more issuer codes::

    45/2019/QH14          law or resolution of the National Assembly, 14th term (no type code)
    15/2022/NĐ-CP         decree (Nghị định) of the Government
    01/2021/TTLT-BTC-BCT  joint circular of two ministries
    123/QĐ-TTg            decision of the Prime Minister, no year
    56-CT/TW              Party directive: the type code follows the serial number

The symbol alone does not always say the type: ``QH14`` is used for codes, laws and resolutions
alike, so the type is left empty unless the caller knows it from context (the title line of the
document, for instance) and passes ``doc_type``. Spelling variants are normalised: NFC, "Ð"
(U+00D0) and ASCII "D" in known codes become "Đ" (``ND-CP`` → ``NĐ-CP``), spaces are dropped.
The codes ``HP``, ``BL`` and ``L`` for Hiến pháp, Bộ luật and Luật never appear in modern numbers;
they are how a type given by context is recorded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lawcore.text import fold

TYPE_NAMES: dict[str, str] = {
    "HP": "Hiến pháp",
    "BL": "Bộ luật",
    "L": "Luật",
    "LCT": "Luật",
    "PL": "Pháp lệnh",
    "NQ": "Nghị quyết",
    "NQLT": "Nghị quyết liên tịch",
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "CT": "Chỉ thị",
    "SL": "Sắc lệnh",
    "KL": "Kết luận",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "HD": "Hướng dẫn",
    "KH": "Kế hoạch",
    "TB": "Thông báo",
    "CĐ": "Công điện",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
}

ISSUER_NAMES: dict[str, str] = {
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "HĐNN": "Hội đồng Nhà nước",
    "CTN": "Chủ tịch nước",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "HĐBT": "Hội đồng Bộ trưởng",
    "TW": "Ban Chấp hành Trung ương Đảng",
    "BCT": "Bộ Công Thương",
    "BTC": "Bộ Tài chính",
    "BNG": "Bộ Ngoại giao",
    "BTP": "Bộ Tư pháp",
    "BQP": "Bộ Quốc phòng",
    "BCA": "Bộ Công an",
    "BNV": "Bộ Nội vụ",
    "BYT": "Bộ Y tế",
    "BXD": "Bộ Xây dựng",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BGTVT": "Bộ Giao thông vận tải",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "TTCP": "Thanh tra Chính phủ",
    "VPCP": "Văn phòng Chính phủ",
    "UBDT": "Ủy ban Dân tộc",
    "TANDTC": "Tòa án nhân dân tối cao",
    "HĐTP": "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
    "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
    "KTNN": "Kiểm toán nhà nước",
    "HĐND": "Hội đồng nhân dân",
    "UBND": "Ủy ban nhân dân",
}

# Issuers whose code carries the term of office ("khóa"): QH14, UBTVQH15, HĐNN8.
_TERM_ISSUERS = ("UBTVQH", "HĐNN", "QH")

# Types that a bare National Assembly or Standing Committee symbol may stand for.
_AMBIGUOUS_TYPES: dict[str, tuple[str, ...]] = {
    "QH": ("HP", "BL", "L", "NQ"),
    "UBTVQH": ("PL", "NQ"),
}

_KEY_TO_CODE: dict[str, str] = {fold(code).upper(): code for code in (*TYPE_NAMES, *ISSUER_NAMES)}
_NAME_TO_TYPE: dict[str, str] = {fold(name): code for code, name in TYPE_NAMES.items()}
_SERIAL_RE = re.compile(r"(\d{1,6}[A-Za-z]?)(?:-(\w+))?")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_CODE_RE = re.compile(r"\w+")
_PREFIX_RE = re.compile(r"^(?:[^\W\d]+\s+){0,3}số\s*:?\s*", re.IGNORECASE)


class DocumentNumberError(ValueError):
    """A legal document number that cannot be parsed; the message names the input."""


@dataclass(frozen=True)
class DocumentNumber:
    """A parsed document number. ``canonical`` is the normalised spelling to store and compare."""

    number: str
    year: int | None
    type_code: str | None
    type_name: str | None
    issuer_codes: tuple[str, ...]
    issuer_names: tuple[str | None, ...]
    term: int | None
    canonical: str
    party_style: bool = False

    @property
    def issuer_code(self) -> str:
        """The issuer symbol as written, several issuers joined by "-" (``BTC-BCT``)."""
        return "-".join(self.issuer_codes)

    @property
    def issuer_name(self) -> str | None:
        """Vietnamese issuer name(s), comma-joined; ``None`` when any issuer is unknown."""
        if any(name is None for name in self.issuer_names):
            return None
        return ", ".join(name for name in self.issuer_names if name)

    @property
    def candidate_types(self) -> tuple[str, ...]:
        """Type codes the number allows: its own type, or those its issuer may issue untyped."""
        if self.type_code:
            return (self.type_code,)
        return _AMBIGUOUS_TYPES.get(self.issuer_codes[0], ()) if self.issuer_codes else ()


def parse_document_number(text: str, *, doc_type: str | None = None) -> DocumentNumber:
    """Parse ``text`` (e.g. ``"Số: 15/2022/ND-CP"``) into a :class:`DocumentNumber`.

    ``doc_type`` (a type name such as ``"Luật"`` or a code such as ``"NQ"``) fills the type when
    the number itself has no type code; a type code in the number always wins. A leading
    ``"Số:"``/``"Luật số"`` is ignored. Raises :class:`DocumentNumberError` naming the input.
    """
    cleaned = _clean(text)
    parts = cleaned.split("/")
    match = _SERIAL_RE.fullmatch(parts[0])
    if len(parts) < 2 or not match:
        raise DocumentNumberError(f"Not a legal document number: {text!r}")
    serial, party_type = match.group(1), match.group(2)
    year, rest = _take_year(parts[1:], text)
    if len(rest) != 1 or not rest[0]:
        raise DocumentNumberError(f"Expected one symbol after the number and year in {text!r}")
    codes = [_canonical_code(code, text) for code in rest[0].split("-")]
    return _build(serial, year, party_type, codes, text, doc_type)


def _clean(text: str) -> str:
    cleaned = unicodedata.normalize("NFC", text).replace("\u00d0", "Đ").replace("\u00f0", "đ")
    cleaned = _PREFIX_RE.sub("", cleaned.strip())
    cleaned = re.sub(r"[\u2010-\u2015]", "-", cleaned)
    return re.sub(r"\s+", "", cleaned).strip(".,;")


def _take_year(parts: list[str], text: str) -> tuple[int | None, list[str]]:
    if len(parts) >= 2 and parts[0].isdigit():
        if not _YEAR_RE.fullmatch(parts[0]):
            raise DocumentNumberError(f"Implausible year {parts[0]!r} in {text!r}")
        return int(parts[0]), parts[1:]
    return None, parts


def _canonical_code(code: str, text: str) -> str:
    """Map a symbol token to its canonical spelling (``ND`` → ``NĐ``, ``ttg`` → ``TTg``)."""
    if not _CODE_RE.fullmatch(code):
        raise DocumentNumberError(f"Malformed symbol {code!r} in {text!r}")
    key = fold(code).upper()
    if key in _KEY_TO_CODE:
        return _KEY_TO_CODE[key]
    for base in _TERM_ISSUERS:
        base_key = fold(base).upper()
        if key.startswith(base_key) and key[len(base_key) :].isdigit():
            return base + key[len(base_key) :]
    return code.upper()


def _split_term(code: str) -> tuple[str, int | None]:
    for base in _TERM_ISSUERS:
        if code.startswith(base) and code[len(base) :].isdigit():
            return base, int(code[len(base) :])
    return code, None


def _build(
    serial: str,
    year: int | None,
    party_type: str | None,
    codes: list[str],
    text: str,
    doc_type: str | None,
) -> DocumentNumber:
    party_code = _canonical_code(party_type, text) if party_type else None
    canonical = _canonical(serial, year, party_code, codes)
    type_code = party_code
    if type_code is None and codes[0] in TYPE_NAMES and len(codes) > 1:
        type_code, codes = codes[0], codes[1:]
    issuers, term = _issuers(codes)
    if type_code is None and doc_type:
        type_code = _type_from_context(doc_type, issuers, text)
    return DocumentNumber(
        number=serial,
        year=year,
        type_code=type_code,
        type_name=_type_name(type_code, year, party_type is not None),
        issuer_codes=tuple(issuers),
        issuer_names=tuple(ISSUER_NAMES.get(code) for code in issuers),
        term=term,
        canonical=canonical,
        party_style=party_type is not None,
    )


def _issuers(codes: list[str]) -> tuple[list[str], int | None]:
    issuers, term = [], None
    for code in codes:
        base, code_term = _split_term(code)
        issuers.append(base)
        term = term if code_term is None else code_term
    return issuers, term


def _type_from_context(doc_type: str, issuers: list[str], text: str) -> str:
    key = fold(doc_type.strip())
    code = _NAME_TO_TYPE.get(key) or _KEY_TO_CODE.get(key.upper())
    if code not in TYPE_NAMES:
        raise DocumentNumberError(f"Unknown document type {doc_type!r} given for {text!r}")
    allowed = _AMBIGUOUS_TYPES.get(issuers[0])
    if allowed is not None and code not in allowed:
        raise DocumentNumberError(f"A {TYPE_NAMES[code]} cannot carry the number {text!r}")
    return code


def _type_name(type_code: str | None, year: int | None, party_style: bool) -> str | None:
    if type_code == "L" and year is not None and not party_style:
        return "Lệnh"  # N/YYYY/L-CTN: the President's order promulgating a law
    return TYPE_NAMES.get(type_code) if type_code else None


def _canonical(serial: str, year: int | None, party_code: str | None, codes: list[str]) -> str:
    head = f"{serial}-{party_code}" if party_code else serial
    middle = f"/{year}" if year is not None else ""
    return f"{head}{middle}/{'-'.join(codes)}"

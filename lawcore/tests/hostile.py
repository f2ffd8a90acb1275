"""Hostile files built on the fly (never committed): zip bombs, lying headers, XML entities.

Each builder returns the bytes of a file that a parser would open if nothing stopped it. The
bombs inflate one member from a run of the same byte, which deflate packs about 1000:1, so a
50 MB member costs about 50 kB on disk and a fraction of a second to build.
"""

from __future__ import annotations

import io
import struct
import zipfile

import docx
from openpyxl import Workbook

_BLOCK = 1024 * 1024
_SHARED_STRING = b"<si><t>" + b"A" * 1000 + b"</t></si>"
_PARAGRAPH = b"<w:p><w:r><w:t>" + b"A" * 100 + b"</w:t></w:r></w:p>"
_SST_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _rewrite(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """Copy a zip, replacing (or, for ``None``, dropping) the named members' content."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
    return out.getvalue()


def _stream_member(target: zipfile.ZipFile, name: str, parts: tuple[bytes, bytes, bytes], size):
    """Write a member of about ``size`` bytes: head, the payload repeated, tail."""
    head, payload, tail = parts
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with target.open(info, "w", force_zip64=size > 0x7FFFFFFF) as stream:
        stream.write(head)
        block = payload * (_BLOCK // len(payload))
        for _ in range(max(size // len(block), 1)):
            stream.write(block)
        stream.write(tail)


def _bomb(base: bytes, member: str, parts: tuple[bytes, bytes, bytes], size: int) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename == member:
                _stream_member(target, member, parts, size)
            else:
                target.writestr(info.filename, source.read(info.filename))
        if member not in source.namelist():
            _stream_member(target, member, parts, size)
    return out.getvalue()


def _with_shared_strings(data: bytes) -> bytes:
    """``data`` (an openpyxl workbook, which writes inline strings) declaring a shared-string
    table, so that a reader loads ``xl/sharedStrings.xml`` whole, as it does for Excel's files."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    types = archive.read("[Content_Types].xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
    override = b'<Override PartName="/xl/sharedStrings.xml" ContentType="%s"/>' % _SST_TYPE
    relation = b'<Relationship Id="rIdSst" Type="%s" Target="sharedStrings.xml"/>' % _SST_REL
    return _rewrite(
        data,
        {
            "[Content_Types].xml": types.replace(b"</Types>", override + b"</Types>"),
            "xl/_rels/workbook.xml.rels": rels.replace(
                b"</Relationships>", relation + b"</Relationships>"
            ),
        },
    )


def normal_xlsx(rows: int = 2000, headers: list[str] | None = None) -> bytes:
    """An ordinary workbook of ``rows`` rows of distinct text: the baseline to compare with."""
    book = Workbook()
    sheet = book.active
    if headers:
        sheet.append(headers)
    for number in range(rows):
        sheet.append([f"NV-{number:05d}", f"Nhiệm vụ số {number} về thực thi cam kết", "bct"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def normal_docx(paragraphs: int = 2000) -> bytes:
    document = docx.Document()
    document.add_paragraph("LUẬT")
    for number in range(1, paragraphs + 1):
        document.add_paragraph(f"Điều {number}. Quy định số {number} về điều ước quốc tế.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_shared_strings_bomb(size: int = 348 * 1024 * 1024) -> bytes:
    """A workbook whose ``xl/sharedStrings.xml`` inflates to about ``size`` bytes."""
    head = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    parts = (head, _SHARED_STRING, b"</sst>")
    return _bomb(_with_shared_strings(normal_xlsx(3)), "xl/sharedStrings.xml", parts, size)


def docx_bomb(size: int = 169 * 1024 * 1024) -> bytes:
    """A DOCX whose ``word/document.xml`` inflates to about ``size`` bytes."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
        b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    )
    parts = (head, _PARAGRAPH, b"</w:body></w:document>")
    return _bomb(normal_docx(3), "word/document.xml", parts, size)


def many_members_zip(count: int = 20_000) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("word/document.xml", b"<w:document/>")
        for number in range(count):
            target.writestr(f"word/media/{number}.xml", b"")
    return out.getvalue()


def understated(data: bytes, member: str, declared: int) -> bytes:
    """``data`` with ``member``'s uncompressed size rewritten to ``declared`` in both headers.

    A lying header: checks that trust the declared size let the real content through.
    """
    raw = bytearray(data)
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(member)
    # Local file header: signature PK\3\4, uncompressed size at offset 22.
    assert raw[info.header_offset : info.header_offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", raw, info.header_offset + 22, declared)
    # Central directory entry: signature PK\1\2, uncompressed size at offset 24.
    position = raw.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", raw, position + 28)[0]
        name = bytes(raw[position + 46 : position + 46 + name_length]).decode()
        if name == member:
            struct.pack_into("<I", raw, position + 24, declared)
        position = raw.find(b"PK\x01\x02", position + 46)
    return bytes(raw)


def lying_xlsx_bomb(size: int = 100 * 1024 * 1024) -> bytes:
    """A shared-strings bomb whose headers claim the member holds 1 kB."""
    return understated(xlsx_shared_strings_bomb(size), "xl/sharedStrings.xml", 1024)


ENTITY_DOCTYPE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>\n'
)


def with_entity(data: bytes, member: str) -> bytes:
    """``data`` with an entity-declaring DOCTYPE put in front of ``member``'s root element."""
    content = zipfile.ZipFile(io.BytesIO(data)).read(member)
    body = content.split(b"?>", 1)[1] if content.startswith(b"<?xml") else content
    return _rewrite(data, {member: ENTITY_DOCTYPE + body.lstrip()})


def xlsx_with_entity(data: bytes | None = None) -> bytes:
    return with_entity(data or normal_xlsx(3), "xl/workbook.xml")


def utf16_member(data: bytes, member: str) -> bytes:
    """``data`` with ``member`` re-encoded as UTF-16 (a DOCTYPE scan over bytes misses it)."""
    content = zipfile.ZipFile(io.BytesIO(data)).read(member).decode("utf-8")
    content = content.replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    return _rewrite(data, {member: content.encode("utf-16")})


def stale_dimension(data: bytes, ref: str = "A1") -> bytes:
    """``data`` with every sheet's ``<dimension ref=…>`` rewritten to ``ref`` (as some tools do)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    replace = {}
    for name in archive.namelist():
        if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
            content = archive.read(name)
            start = content.index(b"<dimension ref=")
            end = content.index(b"/>", start)
            replace[name] = content[:start] + b'<dimension ref="%s"' % ref.encode() + content[end:]
    return _rewrite(data, replace)

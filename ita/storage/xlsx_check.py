"""The .xlsx package checked before a reader touches it, so that nothing a file declares can make
reading take more memory or time than the limits allow (ita.storage.excel sets them).

The value reader (python-calamine) trusts the package: it allocates a sheet as one rectangle from
its first to its farthest cell (a 5 KB file with a cell at E99999999 asks for 16 GB and the process
is killed, with no exception to catch), reserves as many shared strings as the file announces and
decompresses as much as a zip entry holds, whatever size the entry declares, and copies a shared
string into every cell that shows it. So one streamed pass over the package, before the reader opens
it, checks:
- the zip: entries, compression methods, that each entry inflates to exactly its declared size with
  its checksum (every failure of the zip layer is one WorkbookError);
- XML parts: no DOCTYPE or entity declarations, no run of text longer than a piece (4 MB);
- every sheet: each cell's row and column within the limits (row 0 or a reference beyond them is an
  error naming the sheet and the cell), the rectangle the reader will allocate, the number and the
  area of merged ranges, the shared strings its cells show; the shared-strings count;
and collects what the value reader does not give: which cells are in a percentage number format
(Excel stores a typed 90% as 0.9) and which hold an error value such as #N/A.

A sheet's cell positions are read by regular expressions over the inflated bytes when every cell tag
has the usual form (`<c r="B7" …>`, as Excel, LibreOffice and openpyxl write it): that runs at the
speed of the regex engine. Any other form is read by expat, exactly as the value reader positions
cells (a cell without `r` follows the one before it), at a bounded number of tags.
"""

from __future__ import annotations

import io
import pyexpat
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import numpy as np
from defusedxml import ElementTree as SafeET

from ita.core.errors import ItaError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XML_SCAN_BYTES = 64 * 1024
CHUNK = 4 * 1024 * 1024  # inflated bytes handled at once: the scan's memory does not grow with the file
# The index parts (package and workbook relationships, workbook.xml) are a few KB in any real file;
# they are parsed whole, so a huge one is refused rather than parsed.
MAX_INDEX_PART = 8 * 1024 * 1024
# Styles are parsed tag by tag (expat); Excel allows 64,000 cell formats, a few MB of XML.
MAX_STYLE_TAGS = 1_000_000
BUILTIN_PERCENT = {9: "0%", 10: "0.00%"}
# Quoted text and backslash-escaped characters in a number format are literals: '0.00"%"' shows
# 90 as "90.00%" without multiplying, so only a bare % makes a percentage.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.')

DAMAGED_TH = "ไฟล์เสียหายหรือไม่สมบูรณ์ (อาจดาวน์โหลดหรือคัดลอกมาไม่ครบ)"
RESAVE_TH = "กรุณาเปิดไฟล์ใน Excel แล้วบันทึกใหม่เป็น .xlsx"


class WorkbookError(ItaError):
    """The file cannot be read as a workbook at all; one clear message, Thai first."""

    def __init__(self, message_th: str, message_en: str, name: str = "") -> None:
        super().__init__(message_th, message_en)
        self.name = name

    def __str__(self) -> str:
        return f"{self.name}: {super().__str__()}" if self.name else super().__str__()


@dataclass(frozen=True)
class Limits:
    """What a package may hold (ita.storage.excel gives the values and says why)."""

    uncompressed: int
    rows: int
    columns: int
    sheet_cells: int
    merges: int
    merged_cells: int
    sheets: int
    parts: int
    unpositioned_tags: int
    cell_text: int


@dataclass
class SheetFacts:
    """What the check learnt of one sheet, for the reader: 1-based rows and columns."""

    part: str
    rows: int = 0  # the largest row number of any cell tag
    columns: int = 0
    percent: dict[int, set[int]] = field(default_factory=dict)  # row -> columns in a percentage format
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> '#N/A', …
    merges: int = 0  # merged ranges (the reader asks for them only when there are some)


@dataclass
class Package:
    """The sheets of a checked package, in workbook order (as the value reader lists them)."""

    sheets: list[tuple[str, SheetFacts | None]]  # (name, facts; None for a chart or dialog sheet)


# ---------------------------------------------------------------------------------------------
# The zip layer


def _damaged(name: str, detail: str) -> WorkbookError:
    return WorkbookError(DAMAGED_TH, f"the file is damaged or truncated ({detail})"[:300], name)


def open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Returns the zip of an .xlsx, or raises WorkbookError for any failure of the zip layer."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except NotImplementedError as exc:  # an entry needing a newer zip version or an unknown feature
        raise WorkbookError(
            f"ไฟล์ถูกบีบอัดด้วยวิธีที่โปรแกรมนี้ไม่รองรับ {RESAVE_TH}",
            f"the zip uses a feature this reader does not support ({exc})",
            name,
        ) from None
    except Exception as exc:  # noqa: BLE001 - zipfile raises many kinds for a damaged file; each is one message
        raise _damaged(name, exc.__class__.__name__) from None


_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_LOCAL_SIGNATURE = 0x04034B50


def inflate(data: bytes, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """Yields the entry's bytes in pieces of at most CHUNK; raises WorkbookError unless the stored
    stream inflates to exactly the size it declares, with its checksum.

    zipfile stops at the declared size, but another reader inflates the whole stream: an entry that
    declares 1 KB and holds a gigabyte of XML must be refused here, before either reads it.
    """
    if info.flag_bits & 0x1:
        raise WorkbookError(
            "ไฟล์ถูกเข้ารหัส (ป้องกันด้วยรหัสผ่าน) กรุณาเอารหัสผ่านออกใน Excel ก่อนนำเข้า",
            f"zip entry {info.filename} is encrypted",
            name,
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise WorkbookError(
            f"ไฟล์ถูกบีบอัดด้วยวิธีที่โปรแกรมนี้ไม่รองรับ {RESAVE_TH}",
            f"zip entry {info.filename} uses compression method {info.compress_type}; only Deflate is read",
            name,
        )
    off = info.header_offset
    try:
        head = _LOCAL_HEADER.unpack_from(data, off)
    except struct.error:
        raise _damaged(name, f"no local header for {info.filename}") from None
    if head[0] != _LOCAL_SIGNATURE:
        raise _damaged(name, f"bad local header for {info.filename}")
    start = off + _LOCAL_HEADER.size + head[9] + head[10]
    raw = memoryview(data)[start : start + info.compress_size]
    if len(raw) != info.compress_size:
        raise _damaged(name, f"{info.filename} is cut short")
    crc, total = 0, 0

    def counted(piece: bytes) -> bytes:
        nonlocal crc, total
        total += len(piece)
        if total > info.file_size:
            raise _damaged(name, f"{info.filename} holds more than the {info.file_size} bytes it declares")
        crc = zlib.crc32(piece, crc)
        return piece

    if info.compress_type == zipfile.ZIP_STORED:
        for i in range(0, len(raw), CHUNK):
            yield counted(bytes(raw[i : i + CHUNK]))
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            for i in range(0, len(raw), CHUNK):
                pending = bytes(raw[i : i + CHUNK])
                while pending and not inflater.eof:
                    out = inflater.decompress(pending, CHUNK)
                    pending = inflater.unconsumed_tail
                    if out:
                        yield counted(out)
                if inflater.eof:
                    break
            rest = inflater.flush()
        except zlib.error as exc:
            raise _damaged(name, f"zlib: {exc} in {info.filename}") from None
        if rest:
            yield counted(rest)
        if not inflater.eof:
            raise _damaged(name, f"{info.filename} ends before its compressed stream does")
    if total != info.file_size or crc != info.CRC:
        raise _damaged(name, f"size or checksum of {info.filename} does not match")


def read_part(data: bytes, info: zipfile.ZipInfo, name: str, limit: int) -> bytes:
    """Returns a whole (small) entry, checked as `inflate` does; refuses one larger than `limit`."""
    if info.file_size > limit:
        raise WorkbookError(
            f"ส่วน '{info.filename}' ของไฟล์ใหญ่ผิดปกติ {RESAVE_TH}",
            f"{info.filename} is larger than {limit} bytes",
            name,
        )
    return b"".join(inflate(data, info, name))


def prolog_is_safe(head: bytes) -> bool:
    """Returns True when the XML part reaches its root element, within the bytes scanned,
    without declaring a DOCTYPE or an entity.

    A DOCTYPE can only stand before the root element, but a long comment can push it past any
    fixed number of bytes; so the prolog (declaration, comments, processing instructions) is
    walked, and a prolog that does not end within the scan is refused too: Excel never writes one.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text.startswith("<?", pos):
            end, closer = text.find("?>", pos), "?>"
        elif text.startswith("<!--", pos):
            end, closer = text.find("-->", pos), "-->"
        elif text.startswith("<!", pos):
            return False  # <!DOCTYPE or <!ENTITY
        else:
            # The root element (or a short or non-XML part, which the parser judges).
            return pos < len(text) or len(head) < XML_SCAN_BYTES
        if end < 0:
            return len(head) < XML_SCAN_BYTES
        pos = end + len(closer)


def _entity_bomb(part: str, name: str) -> WorkbookError:
    return WorkbookError(
        "ไฟล์มีการประกาศ XML entity ซึ่งอาจเป็นอันตราย จึงไม่อ่านไฟล์นี้",
        f"the file declares XML entities (possible entity bomb) in {part}",
        name,
    )


# ---------------------------------------------------------------------------------------------
# The package's index: which part is which sheet, which styles are percentages


def _norm(path: str) -> str:
    """Returns a zip path as the value reader looks it up: forward slashes, lower case."""
    return path.replace("\\", "/").lower()


def _local(tag: str) -> str:
    return tag.rpartition("}")[2].rpartition(":")[2]


def _parse_index(xml: bytes, part: str, name: str) -> Any:
    try:
        return SafeET.fromstring(xml)
    except Exception as exc:  # noqa: BLE001 - defusedxml's refusals and expat's errors: one message each
        if "Entit" in exc.__class__.__name__ or "DTD" in exc.__class__.__name__:
            raise _entity_bomb(part, name) from None
        raise _damaged(name, f"XML of {part}: {exc}") from None


def _sheet_parts(index: dict[str, zipfile.ZipInfo], data: bytes, name: str) -> tuple[str, list[tuple[str, str | None]]]:
    """Returns the workbook folder ('xl/') and [(sheet name, part key or None)] in workbook order,
    resolved as the value reader resolves them (package relationships, workbook.xml, its rels)."""

    def part(path: str) -> bytes | None:
        info = index.get(_norm(path))
        return None if info is None else read_part(data, info, name, MAX_INDEX_PART)

    xl_path = "xl/"
    root_rels = part("_rels/.rels")
    if root_rels is not None:
        for rel in _parse_index(root_rels, "_rels/.rels", name).iter():
            if _local(rel.tag) == "Relationship" and rel.get("Type", "").endswith("/relationships/officeDocument"):
                target = rel.get("Target", "")
                cut = target.rfind("/")
                xl_path = target[: cut + 1].removeprefix("/") if cut >= 0 else ""
    workbook = part(f"{xl_path}workbook.xml")
    if workbook is None:
        raise WorkbookError(
            "ไม่ใช่ไฟล์ Excel (.xlsx): ไม่พบส่วนสมุดงานในไฟล์",
            f"not an Excel workbook: no {xl_path}workbook.xml inside",
            name,
        )
    targets: dict[str, tuple[str, str]] = {}
    rels = part(f"{xl_path}_rels/workbook.xml.rels")
    if rels is not None:
        for rel in _parse_index(rels, "workbook.xml.rels", name).iter():
            if _local(rel.tag) == "Relationship" and rel.get("Id") is not None:
                targets[rel.get("Id", "")] = (rel.get("Target", ""), rel.get("Type", ""))
    sheets: list[tuple[str, str | None]] = []
    for el in _parse_index(workbook, f"{xl_path}workbook.xml", name).iter():
        if _local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), "")
        target, kind = targets.get(rid, ("", ""))
        path = target.removeprefix("/") if target.startswith("/") else f"{xl_path}{target}"
        is_worksheet = kind.rsplit("/", 1)[-1] == "worksheet"
        sheets.append((el.get("name", ""), _norm(path) if is_worksheet else None))
    return xl_path, sheets


def _is_percent(code: str) -> bool:
    return "%" in _FORMAT_LITERALS.sub("", code)


def percent_styles(xml_chunks: Iterator[bytes], part: str, name: str) -> set[int]:
    """Returns the indexes of the cell formats (cellXfs, a cell's `s`) whose number format is a
    percentage: built-in 9 and 10, or a custom format with a bare %."""
    custom: dict[int, str] = {}
    xf_formats: list[int] = []
    depth_in_xfs = 0
    tags = 0

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth_in_xfs, tags
        tags += 1
        if tags > MAX_STYLE_TAGS:
            raise WorkbookError(
                f"ไฟล์มีรูปแบบช่องมากผิดปกติ {RESAVE_TH}",
                f"{part} holds more than {MAX_STYLE_TAGS} tags",
                name,
            )
        local = tag.rpartition(":")[2]
        if local == "numFmt":
            try:
                custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
            except ValueError:
                pass
        elif local == "cellXfs":
            depth_in_xfs += 1
        elif local == "xf" and depth_in_xfs:
            try:
                xf_formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                xf_formats.append(0)

    def end(tag: str) -> None:
        nonlocal depth_in_xfs
        if tag.rpartition(":")[2] == "cellXfs":
            depth_in_xfs -= 1

    _expat(xml_chunks, start, end, part, name)
    formats = {**BUILTIN_PERCENT, **custom}
    return {i for i, fmt_id in enumerate(xf_formats) if _is_percent(formats.get(fmt_id, ""))}


def _expat(chunks: Iterator[bytes], start: Any, end: Any, part: str, name: str, text: Any = None) -> None:
    """Parses the XML pieces with expat, refusing any entity declaration."""
    parser = pyexpat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text

    def refuse(*_: Any) -> None:
        raise _entity_bomb(part, name)

    parser.EntityDeclHandler = refuse
    parser.StartDoctypeDeclHandler = refuse
    try:
        for piece in chunks:
            parser.Parse(piece, False)
        parser.Parse(b"", True)
    except pyexpat.ExpatError as exc:
        raise _damaged(name, f"XML of {part}: {exc}") from None


# ---------------------------------------------------------------------------------------------
# Cell positions


def column_number(letters: str) -> int:
    """Returns the 1-based column of letters ('A' -> 1, 'AA' -> 27), case-insensitive."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


_REF = re.compile(r"([A-Za-z]+)([0-9]+)")


def parse_ref(ref: str) -> tuple[int, int] | None:
    """Returns (row, column), 1-based, of a cell reference as the value reader takes it ('c5' is C5),
    or None when it is not one (row 0, no letters, a sign)."""
    m = _REF.fullmatch(ref)
    if m is None or int(m.group(2)) == 0:
        return None
    return int(m.group(2)), column_number(m.group(1))


# The usual form of the tags that place cells, as Excel, LibreOffice and openpyxl write them: `r`
# first, then short lower-case attributes in double quotes, nothing else. The value reader takes a
# cell's place from the LAST `r` of its tag (`<c r="B1" r="E99999999">` is at E99999999), so the
# whole tag is matched, and any other form goes to the exact reading.
_OTHER_ATTRS = rb'(?: [a-qs-z][a-z]{0,2}="[^"<]*")*'
_C_NOT_SPACED = re.compile(rb"<c[\t\n\r\f\v/>]")  # a cell tag whose name a space does not end
_C_USUAL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"' + _OTHER_ATTRS + rb"/?>")
_PREFIXED = re.compile(rb":(?:c|row|mergeCell)[\s/>]")  # a namespace prefix on a tag that places cells
_ROW_UNUSUAL_R = re.compile(rb'<row\s+r\s*=\s*["\'](?![1-9][0-9]{0,9}["\'])')
_MERGE_ANY = re.compile(rb"<mergeCell[\s/>]")
_MERGE_USUAL = re.compile(rb'<mergeCell ref="([A-Z]{1,3}[1-9][0-9]{0,6}(?::[A-Z]{1,3}[1-9][0-9]{0,6})?)"\s*/>')
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"' + _OTHER_ATTRS.replace(b")*", b")*?") + rb' t="e"')
_VALUE_TEXT = re.compile(rb"<v>([^<]{0,64})<")
_SHARED_CELL = re.compile(
    rb'<c r="[A-Z]{1,3}[1-9][0-9]{0,6}"' + _OTHER_ATTRS.replace(b")*", b")*?") + rb' t="s"' + _OTHER_ATTRS
    + rb">\s*<v>([0-9]{1,10})</v>"
)
_SI = re.compile(rb"<(?:[A-Za-z_][-.\w]*:)?si[\s/>]")
_SST_COUNT = re.compile(rb"<(?:[A-Za-z_][-.\w]*:)?sst\s[^>]*?\buniqueCount\s*=\s*[\"']([0-9]+)")


def _percent_cell(percent: set[int]) -> re.Pattern[bytes]:
    """Returns a regex for the usual cell tags whose style is one of `percent`."""
    ids = b"|".join(str(i).encode() for i in sorted(percent))
    return re.compile(
        rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"' + _OTHER_ATTRS.replace(b")*", b")*?") + rb' s="(?:' + ids + rb')"'
    )


class _SheetScan:
    """Accumulates one sheet's cells and merged ranges; raises WorkbookError at the first one beyond
    the limits, naming the sheet and the cell."""

    def __init__(
        self, label_th: str, label_en: str, limits: Limits, name: str, part: str, shared: np.ndarray
    ) -> None:
        self.label_th, self.label_en, self.limits, self.name = label_th, label_en, limits, name
        self.facts = SheetFacts(part)
        self.merges = 0
        self.merged_cells = 0
        self.shared = shared  # the XML bytes of each shared string, by index
        self.shown = 0

    def show(self, indexes: Any) -> None:
        """Counts the shared strings that cells show: the value reader copies one for every cell that
        shows it (a 3 MB string shown by 5,000 cells was 15 GB and a killed process)."""
        at = np.asarray(indexes, dtype=np.int64)
        at = at[(at >= 0) & (at < len(self.shared))]
        self.shown += int(self.shared[at].sum())
        if self.shown > self.limits.cell_text:
            raise self.refuse(
                f"มีข้อความในช่องรวมกันเกิน {self.limits.cell_text // 2**20:,} MB (ข้อความเดียวกันซ้ำในช่องจำนวนมาก)"
                f" ไฟล์อาจเป็นอันตราย {RESAVE_TH}",
                f"its cells show more than {self.limits.cell_text} bytes of shared strings",
            )

    def refuse(self, th: str, en: str) -> WorkbookError:
        return WorkbookError(f"{self.label_th} {th}", f"{self.label_en} {en}", self.name)

    def bad_ref(self, ref: str, row: bool = False) -> WorkbookError:
        """Returns the error for a reference the value reader cannot place (`row`: a row's number)."""
        m = _REF.fullmatch(ref)
        if (row and ref == "0") or (m is not None and int(m.group(2)) == 0):
            where_th, where_en = ("แถว r=\"0\"", 'row r="0"') if row else (f"ช่อง {ref}", f"cell {ref}")
            return self.refuse(
                f"{where_th}: ไม่มีแถวที่ 0 ใน Excel (แถวเริ่มที่ 1) ไฟล์อาจเสียหายหรือไม่ได้บันทึกจาก Excel {RESAVE_TH}",
                f"{where_en}: there is no row 0 (rows start at 1); the file is damaged",
            )
        return self.refuse(
            f"มีตำแหน่ง{'แถว' if row else 'ช่อง'} '{ref[:40]}' ที่ไม่ถูกต้อง ไฟล์อาจเสียหายหรือไม่ได้บันทึกจาก Excel"
            f" {RESAVE_TH}",
            f"'{ref[:40]}' is not a {'row number' if row else 'cell reference'}; the file is damaged",
        )

    def place(self, row: int, col: int, ref: str) -> None:
        """Checks a cell's position (1-based); `ref` names it in a message."""
        lim = self.limits
        if row > lim.rows:
            raise self.refuse(
                f"ช่อง {ref} อยู่แถวที่ {row:,} เกินจำนวนแถวที่อ่านได้ ({lim.rows:,} แถว) "
                "ลบข้อมูลหรือการจัดรูปแบบที่อยู่เลยตารางออก แล้วบันทึกใหม่",
                f"cell {ref} is in row {row}, beyond the {lim.rows} rows read",
            )
        if col > lim.columns:
            raise self.refuse(
                f"ช่อง {ref} อยู่คอลัมน์ที่ {col:,} เกินจำนวนคอลัมน์ที่อ่านได้ ({lim.columns:,} คอลัมน์) "
                "ลบข้อมูลหรือการจัดรูปแบบที่อยู่เลยตารางออก แล้วบันทึกใหม่",
                f"cell {ref} is in column {col}, beyond the {lim.columns} columns read",
            )
        facts = self.facts
        if row > facts.rows:
            facts.rows = row
        if col > facts.columns:
            facts.columns = col

    def merge(self, ref: str) -> None:
        corners = ref.split(":")
        places = [parse_ref(c) for c in corners]
        if not 1 <= len(corners) <= 2 or None in places:
            raise self.bad_ref(ref)
        (r0, c0), (r1, c1) = places[0], places[-1]  # type: ignore[misc]
        lim = self.limits
        self.merges += 1
        if self.merges > lim.merges:
            raise self.refuse(
                f"มีช่องที่ผสานไว้เกิน {lim.merges:,} ช่วง ยกเลิกการผสานช่องที่ไม่จำเป็น แล้วบันทึกใหม่",
                f"holds more than {lim.merges} merged ranges",
            )
        if max(r0, r1) > lim.rows or max(c0, c1) > lim.columns:
            raise self.refuse(
                f"ช่วงที่ผสานไว้ {ref} เกินขอบเขตที่อ่านได้ ({lim.rows:,} แถว × {lim.columns:,} คอลัมน์) "
                "ยกเลิกการผสานช่วงนี้ แล้วบันทึกใหม่",
                f"merged range {ref} reaches beyond {lim.rows} rows × {lim.columns} columns",
            )
        self.merged_cells += (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)
        if self.merged_cells > lim.merged_cells:
            raise self.refuse(
                f"ช่องที่ผสานไว้รวมกันเกิน {lim.merged_cells:,} ช่อง (ถึงช่วง {ref}) "
                "ยกเลิกการผสานช่องที่ไม่จำเป็น แล้วบันทึกใหม่",
                f"merged ranges cover more than {lim.merged_cells} cells (at {ref})",
            )

    def finish(self) -> SheetFacts:
        facts, lim = self.facts, self.limits
        facts.merges = self.merges
        if facts.rows * facts.columns > lim.sheet_cells:
            far = f"{column_letters(facts.columns)}{facts.rows}"
            raise self.refuse(
                f"มีข้อมูลกระจายกว้างเกินกว่าจะอ่านได้ (ถึงแถว {facts.rows:,} และคอลัมน์ {column_letters(facts.columns)}"
                f" รวม {facts.rows * facts.columns:,} ช่อง เกิน {lim.sheet_cells:,} ช่อง) "
                "ลบข้อมูลหรือการจัดรูปแบบที่อยู่เลยตารางออก แล้วบันทึกใหม่",
                f"spans up to {far}: {facts.rows * facts.columns} cells, beyond {lim.sheet_cells}",
            )
        return facts


def _fast_chunk(scan: _SheetScan, chunk: bytes, percent_cell: re.Pattern[bytes] | None) -> bool:
    """Checks the cells and merged ranges of one piece of sheet XML whose tags are all in the usual
    form; returns False (having checked nothing for certain) when one is not."""
    if _PREFIXED.search(chunk) or _ROW_UNUSUAL_R.search(chunk):
        return False
    cells = _C_USUAL.findall(chunk)
    # Every cell tag is in the usual form when there are as many as there are "<c " (counted at memchr
    # speed) and no tag ends its name otherwise.
    if len(cells) != chunk.count(b"<c ") or _C_NOT_SPACED.search(chunk):
        return False
    merges: list[bytes] = []
    if b"mergeCell" in chunk:
        merges = _MERGE_USUAL.findall(chunk)
        if len(merges) != len(_MERGE_ANY.findall(chunk)):
            return False
    if cells:
        row = max(map(int, set(map(itemgetter(1), cells))))
        col = max(column_number(c.decode()) for c in set(map(itemgetter(0), cells)))
        if row > scan.limits.rows or col > scan.limits.columns:
            # Name the first cell beyond the limits.
            for c, d in cells:
                scan.place(int(d), column_number(c.decode()), (c + d).decode())
        scan.place(row, col, f"{column_letters(col)}{row}")
    for ref in merges:
        scan.merge(ref.decode())
    if percent_cell is not None:
        for c, d in percent_cell.findall(chunk):
            scan.facts.percent.setdefault(int(d), set()).add(column_number(c.decode()))
    if b' t="s"' in chunk:
        shown = _SHARED_CELL.findall(chunk)
        if len(shown) != chunk.count(b' t="s"'):
            return False
        scan.show(list(map(int, shown)))
    if b'"e"' in chunk:
        for m in _ERROR_CELL.finditer(chunk):
            v = _VALUE_TEXT.search(chunk, m.end(), m.end() + 4096)
            text = v.group(1).decode("utf-8", "replace") if v else "#ERROR"
            scan.facts.errors[(int(m.group(2)), column_number(m.group(1).decode()))] = text
    return True


def shared_lengths(pieces: Iterator[bytes], part: str, name: str, most: int) -> np.ndarray:
    """Returns the XML bytes of each shared string (from its <si> to the next), an upper bound of
    its text: the DOCTYPE refused, no entity expands. Refuses more than `most` strings."""
    starts: list[np.ndarray] = []
    offset = count = 0
    for piece in pieces:
        found = np.fromiter((offset + m.start() for m in _SI.finditer(piece)), dtype=np.int64)
        count += len(found)
        if count > most:
            raise _damaged(name, f"{part} holds more than {most} strings")
        starts.append(found)
        offset += len(piece)
    at = np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)
    return np.diff(np.append(at, offset))


def xml_pieces(data: bytes, info: zipfile.ZipInfo, name: str) -> Iterator[bytes]:
    """Yields the inflated XML part cut before a '<', so that no tag is split between two pieces;
    refuses a run of text of more than CHUNK bytes without a tag. A cell holds at most 32,767
    characters in Excel (under 300 KB of XML even as character references), while one string of
    150 MB costs the reader and Python 600 MB."""
    carry = b""
    for chunk in inflate(data, info, name):
        chunk = carry + chunk
        cut = chunk.rfind(b"<")
        if cut <= 0:
            if len(chunk) > CHUNK:
                raise WorkbookError(
                    f"ไฟล์มีข้อความยาวผิดปกติ (เกินที่ช่องของ Excel รับได้มาก) ในส่วน '{info.filename}' {RESAVE_TH}",
                    f"{info.filename} holds a run of text longer than {CHUNK} bytes",
                    name,
                )
            carry = chunk
            continue
        carry = chunk[cut:]
        yield chunk[:cut]
    if carry:
        yield carry


def _exact(scan: _SheetScan, chunks: Iterator[bytes], percent: set[int]) -> None:
    """Checks every cell where the value reader will put it: a row's `r` sets the row, a cell's `r`
    its place, a cell without `r` takes the place after the one before, and each row's end moves
    to the next row. Merged ranges, percentage formats and error values are collected alike."""
    row, col = 0, 0  # 0-based, as the value reader counts
    error_at: tuple[int, int] | None = None
    in_value = False
    shared = False  # the cell shows a shared string: its <v> is the string's index
    index = ""

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal row, col, error_at, in_value, shared, index
        local = tag.rpartition(":")[2]
        if local == "c":
            ref = attrs.get("r")
            if ref is not None:
                place = parse_ref(ref)
                if place is None:
                    raise scan.bad_ref(ref)
                row_no, col_no = place
                col = col_no - 1
            else:
                row_no, col_no = row + 1, col + 1
                ref = f"{column_letters(col_no)}{row_no}"
            scan.place(row_no, col_no, ref)
            if attrs.get("s", "0").isdigit() and int(attrs.get("s", "0")) in percent:
                scan.facts.percent.setdefault(row_no, set()).add(col_no)
            error_at = (row_no, col_no) if attrs.get("t") == "e" else None
            shared = attrs.get("t") == "s"
        elif local == "row":
            ref = attrs.get("r")
            if ref is not None:
                if not ref.isdigit() or int(ref) == 0:
                    raise scan.bad_ref(ref, row=True)
                row = int(ref) - 1
        elif local == "v" and error_at is not None:
            in_value = True
            scan.facts.errors[error_at] = ""
        elif local == "v" and shared:
            in_value, index = True, ""
        elif local == "mergeCell" and "ref" in attrs:
            scan.merge(attrs["ref"])

    def end(tag: str) -> None:
        nonlocal row, col, in_value, error_at, shared
        local = tag.rpartition(":")[2]
        if local == "c":
            col += 1
            error_at, shared = None, False
        elif local == "row":
            row += 1
            col = 0
        elif local == "v":
            in_value = False
            if shared and index.strip().isdigit():
                scan.show([int(index)])

    def text(data: str) -> None:
        nonlocal index
        if in_value and error_at is not None:
            scan.facts.errors[error_at] = (scan.facts.errors[error_at] + data)[:64]
        elif in_value and shared:
            index = (index + data)[:32]

    _expat(chunks, start, end, scan.facts.part, scan.name, text)


def scan_sheet(
    chunks: Iterator[bytes], again: Any, scan: _SheetScan, percent: set[int]
) -> SheetFacts:
    """Returns the sheet's facts from its pieces (xml_pieces); `again()` gives them anew for the
    exact reading."""
    percent_cell = _percent_cell(percent) if percent and 0 not in percent else None
    fast = 0 not in percent  # style 0 is every cell without `s`: only the exact reading sees those
    if fast:
        for piece in chunks:
            if not _fast_chunk(scan, piece, percent_cell):
                fast = False
                break
    if not fast:
        # The exact reading costs about 1.4 µs a tag: count them first (at memchr speed), so that a
        # sheet of millions of tiny tags is refused at once rather than after seconds.
        tags = sum(piece.count(b"<") - piece.count(b"</") for piece in again())
        if tags > scan.limits.unpositioned_tags:
            raise scan.refuse(
                f"เขียนในรูปแบบที่ไม่พบบ่อย (ช่องไม่ได้ระบุตำแหน่ง) และใหญ่เกินกว่าจะตรวจได้ {RESAVE_TH}",
                f"is written in an unusual form (cells without their position) with {tags} tags, more than the "
                f"{scan.limits.unpositioned_tags} checked that way",
            )
        scan.facts = SheetFacts(scan.facts.part)
        scan.merges = scan.merged_cells = 0
        _exact(scan, again(), percent)
    return scan.finish()


# ---------------------------------------------------------------------------------------------
# The whole package


def check_package(data: bytes, name: str, limits: Limits) -> Package:
    """Returns the checked package's sheets, or raises WorkbookError naming what is wrong."""
    zf = open_zip(data, name)
    infos = zf.infolist()
    if len(infos) > limits.parts:
        raise _damaged(name, f"{len(infos)} entries")
    index: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        key = _norm(info.filename)
        if key in index:
            # Two entries with one name (or names differing only in case): which one a reader
            # takes is its own choice, so the file would be checked in one form and read in another.
            raise _damaged(name, f"two entries named {info.filename}")
        index[key] = info
    if "xl/workbook.xml" not in index:
        raise WorkbookError(
            "ไม่ใช่ไฟล์ Excel (.xlsx): ไม่พบส่วนสมุดงานในไฟล์",
            "not an Excel workbook: no xl/workbook.xml inside",
            name,
        )
    if sum(i.file_size for i in infos) > limits.uncompressed:
        raise WorkbookError(
            "ไฟล์ขยายตัวเกินขนาดที่ปลอดภัยเมื่อแตกไฟล์ (อาจเป็นไฟล์อันตราย)",
            "the package expands beyond the safe size (zip bomb)",
            name,
        )
    xml_parts = [i for i in infos if _norm(i.filename).endswith((".xml", ".rels", ".vml"))]
    for info in xml_parts:
        head = next(inflate(data, info, name), b"")[:XML_SCAN_BYTES]
        if not prolog_is_safe(head):
            raise _entity_bomb(info.filename, name)
    xl_path, sheet_parts = _sheet_parts(index, data, name)
    if len(sheet_parts) > limits.sheets:
        raise WorkbookError(
            f"ไฟล์มีชีตเกิน {limits.sheets:,} ชีต", f"the workbook has more than {limits.sheets} sheets", name
        )
    styles = index.get(_norm(f"{xl_path}styles.xml"))
    percent = percent_styles(xml_pieces(data, styles, name), styles.filename, name) if styles else set()
    strings = index.get(_norm(f"{xl_path}sharedStrings.xml"))
    shared = np.zeros(0, dtype=np.int64)
    if strings is not None:
        m = _SST_COUNT.search(next(inflate(data, strings, name), b"")[:XML_SCAN_BYTES])
        if m and int(m.group(1)) > limits.sheet_cells:
            raise _damaged(name, f"sharedStrings declares {m.group(1)} strings")
        shared = shared_lengths(xml_pieces(data, strings, name), strings.filename, name, limits.sheet_cells)
    total = 0
    facts_by_part: dict[str, SheetFacts] = {}
    sheets: list[tuple[str, SheetFacts | None]] = []
    for sheet, key in sheet_parts:
        info = index.get(key) if key else None
        if key is None or info is None:
            sheets.append((sheet, None))
            continue
        total += info.file_size
        if total > limits.uncompressed:
            raise WorkbookError(
                "ไฟล์ขยายตัวเกินขนาดที่ปลอดภัยเมื่อแตกไฟล์ (อาจเป็นไฟล์อันตราย)",
                "the sheets expand beyond the safe size",
                name,
            )
        if key not in facts_by_part:
            scan = _SheetScan(f"ชีต '{sheet}'", f"sheet '{sheet}':", limits, name, info.filename, shared)
            facts_by_part[key] = scan_sheet(
                xml_pieces(data, info, name), lambda info=info: xml_pieces(data, info, name), scan, percent
            )
        sheets.append((sheet, facts_by_part[key]))
    # Every other entry is inflated once too, so that a damaged one (or, in XML, a run of text longer
    # than a cell can hold) is found here, not by the reader.
    for info in infos:
        if _norm(info.filename) not in facts_by_part and info is not strings:
            xml = info in xml_parts
            for _ in xml_pieces(data, info, name) if xml else inflate(data, info, name):
                pass
    return Package(sheets)

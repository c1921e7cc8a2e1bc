"""Workbooks written part by part, for the tests of hostile files: the sheet's XML is given as it
stands (any cell reference, any merged range, any size), which a writing library would refuse or
correct. Also the byte-level changes made to a zip (a flipped byte, a header field), and running
the CLI in a child process whose address space is capped, so that a regression that allocates
gigabytes fails the test instead of taking the machine down."""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET = "xl/worksheets/sheet1.xml"
# The child's address space: ample for the CLI (which imports pandas and reads a national file in
# about 300 MB), far below what the old reader asked of hostile files (2.6–7.5 GB).
LIMIT_BYTES = 1 << 30
CAP = f"import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({LIMIT_BYTES}, {LIMIT_BYTES}))\n"
LIMITED_CLI = CAP + "from ita.cli.main import main\nsys.exit(main(sys.argv[1:]))"
# read_workbook of sys.argv[1], printed as JSON: the WorkbookError's fields, or the report's problems.
LIMITED_READ = CAP + """import json
from ita.storage.excel import WorkbookError, read_workbook
try:
    res = read_workbook(sys.argv[1])
except WorkbookError as exc:
    print(json.dumps({"error": True, "th": exc.message_th, "en": exc.message_en, "name": exc.name}))
else:
    print(json.dumps({"error": False, "problems": [p.code for p in res.report.problems]}))
"""


def text(ref: str, value: str) -> str:
    """Returns a cell holding text (an inline string)."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def number(ref: str, value: float) -> str:
    return f'<c r="{ref}"><v>{value}</v></c>'


def row(r: int | str, *cells: str) -> str:
    return f'<row r="{r}">{"".join(cells)}</row>'


HEADER = row(1, text("A1", "หน่วยงาน"), text("B1", "ปีงบประมาณ"), text("C1", "คะแนนรวม"))


def shared(ref: str, index: int) -> str:
    """Returns a cell showing the shared string of that index."""
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def workbook(
    sheet_data: str, after: str = "", *, title: str = "ผล", compress: int = zipfile.ZIP_DEFLATED,
    strings: list[str] | None = None,
) -> bytes:
    """Returns an .xlsx of one sheet whose <sheetData> holds `sheet_data` as given, followed by
    `after` (e.g. <mergeCells>), with `strings` as its shared strings (as Excel keeps text)."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}">'
        f"<sheetData>{sheet_data}</sheetData>{after}</worksheet>"
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
            f'<sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" '
            f'Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        SHEET: sheet,
    }
    if strings is not None:
        parts["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{t}</t></si>" for t in strings) + "</sst>"
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return out.getvalue()


def member_data(data: bytes, member: str) -> tuple[int, int]:
    """Returns (offset, length) of the member's stored (compressed) bytes in the zip."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    return info.header_offset + 30 + name_len + extra_len, info.compress_size


def flip_to_zlib_error(data: bytes, member: str = SHEET) -> bytes:
    """Returns the zip with one byte of the member's compressed stream inverted, the first byte
    whose inversion makes the stream itself invalid (zlib.error, as "invalid distance too far back")
    rather than merely changing its checksum."""
    start, length = member_data(data, member)
    for i in range(start + length // 3, start + length):
        broken = data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :]
        try:
            zlib.decompress(broken[start : start + length], -15)
        except zlib.error:
            return broken
    raise AssertionError("no byte of the stream breaks it")


def central_entry(data: bytes, member: str) -> int:
    """Returns the offset of the member's central-directory entry."""
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + name_len] == member.encode():
            return pos
        pos = data.find(b"PK\x01\x02", pos + 4)
    raise AssertionError(f"{member} not in the zip")


def with_version_needed(data: bytes, member: str, version: int) -> bytes:
    """Returns the zip with the member's "version needed to extract" (central directory) set."""
    pos = central_entry(data, member) + 6
    return data[:pos] + struct.pack("<H", version) + data[pos + 2 :]


def with_method(data: bytes, member: str, method: int) -> bytes:
    """Returns the zip with the member's compression method set, in both of its headers."""
    central = central_entry(data, member) + 10
    data = data[:central] + struct.pack("<H", method) + data[central + 2 :]
    local = zipfile.ZipFile(io.BytesIO(data)).getinfo(member).header_offset + 8
    return data[:local] + struct.pack("<H", method) + data[local + 2 :]


def run_limited(*args: str, code: str = LIMITED_CLI, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Returns the finished `python -m ita ARGS` (or `python -c CODE ARGS`) run in a child whose
    address space is capped at LIMIT_BYTES (its Python and pandas included)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
        encoding="utf-8", env=env, timeout=timeout,
    )


def read_limited(path: Path) -> dict[str, object]:
    """Returns what read_workbook(path) gave in a capped child (see LIMITED_READ); a child that
    fails (a MemoryError, a kill) fails the calling test with its output."""
    proc = run_limited(str(path), code=LIMITED_READ)
    assert proc.returncode == 0 and proc.stdout, (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    return json.loads(proc.stdout)

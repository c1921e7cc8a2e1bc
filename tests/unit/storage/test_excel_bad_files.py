"""Files that cannot be read at all: each gives ONE clear WorkbookError (Thai first) from
`read_workbook`, and through `python -m ita validate` a non-zero exit with that Thai message and
never a traceback, quickly."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import ita.storage.excel
from ita.storage.excel import OLE_MAGIC, WorkbookError, max_upload_bytes, read_workbook, template_bytes

ROOT = Path(__file__).resolve().parents[3]


def run_cli(
    *args: str, env: dict[str, str] | None = None, code: str | None = None
) -> tuple[int, str, str, float]:
    """Returns (exit code, stdout, stderr, seconds) of `python -m ita ARGS` (or of `python -c CODE ARGS`)."""
    cmd = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "ita", *args]
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    start = time.monotonic()
    proc = subprocess.run(
        cmd, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", env=full_env, timeout=60
    )
    return proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start


def assert_cli_refuses(
    path: Path | str, message_th: str, env: dict[str, str] | None = None, code: str | None = None
) -> None:
    rc, out, err, seconds = run_cli("validate", str(path), env=env, code=code)
    assert rc == 1, (rc, out, err)
    assert message_th in out, out
    assert "Traceback" not in out + err, out + err
    assert seconds < 10


@pytest.fixture(scope="module")
def valid_xlsx() -> bytes:
    return template_bytes()


def _replace_member(data: bytes, member: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, content if info.filename == member else src.read(info.filename))
    return out.getvalue()


def billion_laughs(padding: int = 0) -> bytes:
    """Returns a worksheet whose one cell expands to 10⁹ "lol"s, with a comment of `padding`
    bytes before the DOCTYPE."""
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(2, 10))
    comment = f"<!--{'x' * padding}-->\n" if padding else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + comment
        + '<!DOCTYPE worksheet [\n<!ENTITY lol1 "lol">\n'
        + entities
        + "]>\n"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
    ).encode()


def ole_file(payload: bytes) -> bytes:
    """Returns bytes shaped like an OLE compound file (the container of .xls and of encrypted .xlsx)."""
    header = OLE_MAGIC + b"\x00" * 16 + struct.pack("<HH", 0x3E, 3) + b"\xfe\xff" + b"\x00" * 482
    return header + payload + b"\x00" * 512


def docx_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return out.getvalue()


def with_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Returns the zip with the central-directory entry of `member` declaring `size` uncompressed
    bytes, as a zip bomb does, without the bytes being there."""
    name = member.encode()
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + name_len] == name:
            return data[: pos + 24] + struct.pack("<I", size) + data[pos + 28 :]
        pos = data.find(b"PK\x01\x02", pos + 4)
    raise AssertionError(f"{member} not in the zip")


BAD_FILES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    # id: (bytes from a valid xlsx, a specific part of the Thai message)
    "text renamed .xlsx": (lambda ok: "หน่วยงาน,ปี\nอบต.ก,2568\n".encode(), "ไม่ใช่ไฟล์ Excel"),
    "pdf": (
        lambda ok: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "ไม่ใช่ไฟล์ Excel",
    ),
    "docx-like zip": (lambda ok: docx_like(), "ไม่พบส่วนสมุดงาน"),
    "truncated": (lambda ok: ok[: len(ok) // 2], "ไฟล์เสียหายหรือไม่สมบูรณ์"),
    "empty": (lambda ok: b"", "ไฟล์ว่างเปล่า"),
    "password-protected": (
        lambda ok: ole_file("EncryptionInfo".encode("utf-16-le") + b"\x00" * 64 + b"EncryptedPackage"),
        "ป้องกันด้วยรหัสผ่าน",
    ),
    "legacy xls": (
        lambda ok: ole_file("Workbook".encode("utf-16-le") + b"\x09\x08" + b"\x00" * 64),
        "(.xls)",
    ),
    "entity bomb": (
        lambda ok: _replace_member(ok, "xl/worksheets/sheet1.xml", billion_laughs()),
        "XML entity",
    ),
    "entity bomb behind a long comment": (
        lambda ok: _replace_member(ok, "xl/worksheets/sheet1.xml", billion_laughs(padding=100_000)),
        "XML entity",
    ),
    "entity bomb in workbook.xml": (
        lambda ok: _replace_member(ok, "xl/workbook.xml", billion_laughs()),
        "XML entity",
    ),
    "zip bomb (declared size)": (
        lambda ok: with_declared_size(ok, "xl/styles.xml", 0xFFFF0000),
        "ขยายตัวเกินขนาดที่ปลอดภัย",
    ),
}


@pytest.fixture(params=list(BAD_FILES), ids=list(BAD_FILES))
def bad_file(request, tmp_path, valid_xlsx) -> tuple[Path, str]:
    make, message = BAD_FILES[request.param]
    path = tmp_path / "ผลการประเมิน.xlsx"
    path.write_bytes(make(valid_xlsx))
    return path, message


def test_the_valid_workbook_used_to_make_bad_ones_reads(valid_xlsx):
    # The empty template: no error, only the warning that it holds no rows.
    assert [p.code for p in read_workbook(valid_xlsx).report.problems] == ["no_rows"]


def test_bad_file_gives_one_clear_workbook_error(bad_file):
    path, message = bad_file
    start = time.monotonic()
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    assert time.monotonic() - start < 10
    assert message in info.value.message_th
    assert info.value.message_en
    assert info.value.name == path.name
    # The same from bytes, as the dashboard's uploader gives them.
    with pytest.raises(WorkbookError) as from_bytes:
        read_workbook(path.read_bytes())
    assert from_bytes.value.message_th == info.value.message_th


def test_bad_file_through_the_cli(bad_file):
    path, message = bad_file
    assert_cli_refuses(path, message)


def test_missing_path_and_directory(tmp_path):
    with pytest.raises(WorkbookError) as info:
        read_workbook(tmp_path / "ไม่มี.xlsx")
    assert info.value.message_th == "ไม่พบไฟล์"
    with pytest.raises(WorkbookError) as folder:
        read_workbook(tmp_path)
    assert "โฟลเดอร์" in folder.value.message_th
    assert_cli_refuses(tmp_path / "ไม่มี.xlsx", "ไม่พบไฟล์")
    assert_cli_refuses(tmp_path, "โฟลเดอร์")


def test_default_size_limit_is_20_mb(monkeypatch):
    monkeypatch.delenv("ITA_MAX_UPLOAD_MB", raising=False)
    assert max_upload_bytes() == 20 * 1024 * 1024
    monkeypatch.setenv("ITA_MAX_UPLOAD_MB", "0.01")
    assert max_upload_bytes() == int(0.01 * 1024 * 1024)
    monkeypatch.setenv("ITA_MAX_UPLOAD_MB", "ยี่สิบ")  # not a number: the default, not a crash
    assert max_upload_bytes() == 20 * 1024 * 1024


def test_file_larger_than_the_limit(monkeypatch, tmp_path, valid_xlsx):
    assert len(valid_xlsx) > 10 * 1024
    path = tmp_path / "ใหญ่.xlsx"
    path.write_bytes(valid_xlsx)
    with pytest.raises(WorkbookError) as by_arg:
        read_workbook(path, max_bytes=10 * 1024)
    assert "ใหญ่เกินกำหนด" in by_arg.value.message_th
    assert "10.0 KB" in by_arg.value.message_th  # the limit, readable
    with pytest.raises(WorkbookError):
        read_workbook(valid_xlsx, max_bytes=10 * 1024)
    monkeypatch.setenv("ITA_MAX_UPLOAD_MB", "0.01")
    with pytest.raises(WorkbookError) as by_env:
        read_workbook(path)
    assert "ใหญ่เกินกำหนด" in by_env.value.message_th
    monkeypatch.delenv("ITA_MAX_UPLOAD_MB")
    assert read_workbook(path).report.ok  # the same file under the default limit
    assert_cli_refuses(path, "ใหญ่เกินกำหนด", env={"ITA_MAX_UPLOAD_MB": "0.01"})


def test_zip_bomb_by_uncompressed_size(monkeypatch, tmp_path, valid_xlsx):
    # A real bomb of zeros would take long to build; the same check with a small limit.
    monkeypatch.setattr(ita.storage.excel, "MAX_UNCOMPRESSED", 10 * 1024)
    with pytest.raises(WorkbookError) as info:
        read_workbook(valid_xlsx)
    assert "ขยายตัวเกินขนาดที่ปลอดภัย" in info.value.message_th
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(valid_xlsx)
    code = (
        "import sys, ita.storage.excel; ita.storage.excel.MAX_UNCOMPRESSED = 10 * 1024; "
        "from ita.cli.main import main; sys.exit(main(sys.argv[1:]))"
    )
    assert_cli_refuses(path, "ขยายตัวเกินขนาดที่ปลอดภัย", code=code)


def _wide(rows: list[list[object]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_validate_exit_codes(tmp_path):
    header = ["หน่วยงาน", "ปีงบประมาณ", "คะแนนรวม"]
    clean = tmp_path / "clean.xlsx"
    clean.write_bytes(_wide([header, ["อบต.ก", 2568, 98.80]]))
    warned = tmp_path / "warned.xlsx"
    warned.write_bytes(_wide([header, ["อบต.ก", 2550, 90]]))  # no framework for 2550: a warning
    wrong = tmp_path / "wrong.xlsx"
    wrong.write_bytes(_wide([header, ["อบต.ก", 2568, 180]]))  # a score above 100: an error

    rc, out, err, _ = run_cli("validate", str(clean))
    assert (rc, err) == (0, "")
    assert "ข้อผิดพลาด 0 รายการ, คำเตือน 0 รายการ" in out

    rc, out, _, _ = run_cli("validate", str(warned))
    assert rc == 0
    assert "คำเตือน 1 รายการ" in out and "2550" in out

    rc, out, err, _ = run_cli("validate", str(wrong))
    assert rc == 1
    assert "ข้อผิดพลาด 1 รายการ" in out and "แถว 2" in out and "180" in out
    assert "Traceback" not in out + err

    # One unreadable file among good ones fails the run, and the good ones are still checked.
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    rc, out, _, _ = run_cli("validate", str(clean), str(empty))
    assert rc == 1
    assert "ไฟล์ว่างเปล่า" in out and "clean.xlsx" in out

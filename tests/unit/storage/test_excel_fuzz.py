"""Fuzzing the reader (issue 11): a few hundred files, each must read to a result or to one
WorkbookError, never to another exception, and never to the reader's last-resort "unexpected"
error (which would hide a bug from the user behind a clean message).

Three sources of inputs: the bundled workbooks of data/ with bytes of the zip changed (the zip
layer), the same workbooks with bytes of one inflated part changed and the zip rebuilt correctly
(the XML and value layers), and sheets assembled by hypothesis from hostile pieces (cell references
in row 0, beyond the limits, lower case or without one; huge rows; merged ranges; error, boolean and
shared-string cells; duplicated attributes). Reading happens in this process, for speed; a sample
also goes through `python -m ita validate` in a child capped at 1 GB (exit 0 or 1, no traceback).
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ita.core.framework import load_framework
from ita.storage.bundled import bundled_files
from ita.storage.excel import WorkbookError, read_workbook
from tests.unit.storage.raw_xlsx import HEADER, run_limited, workbook

FW = load_framework()
BUNDLED = {Path(p).name: Path(p).read_bytes() for p in bundled_files()}
FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def read_or_refuse(data: bytes) -> None:
    """Asserts that reading gives a result or a WorkbookError of the reader's own making."""
    try:
        res = read_workbook(data, FW)
    except WorkbookError as exc:
        assert exc.message_th and exc.message_en, exc
        assert not exc.message_en.startswith("unexpected"), exc.message_en
    else:
        assert res.layout in {"template", "wide", "none"}


def rezip(data: bytes, member: str, content: bytes) -> bytes:
    """Returns the zip with one member replaced, every checksum right."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == member else src.read(info.filename))
    return out.getvalue()


def mutate(data: bytes, rnd: random.Random, edits: int) -> bytes:
    """Returns data with `edits` random changes: a byte inverted, replaced, removed, inserted, or a
    run of bytes repeated or cut."""
    buf = bytearray(data)
    for _ in range(edits):
        if not buf:
            break
        i = rnd.randrange(len(buf))
        kind = rnd.randrange(6)
        if kind == 0:
            buf[i] ^= 0xFF
        elif kind == 1:
            buf[i] = rnd.randrange(256)
        elif kind == 2:
            del buf[i]
        elif kind == 3:
            buf.insert(i, rnd.choice(b'<>"=/ 0123456789ABCrcv:&#;'))
        elif kind == 4:
            buf[i:i] = buf[i : i + rnd.randrange(1, 64)] * rnd.randrange(2, 5)
        else:
            del buf[i : i + rnd.randrange(1, 256)]
    return bytes(buf)


# ---------------------------------------------------------------------------------------------
# 1. The zip layer: bytes of the file itself


@FUZZ
@given(name=st.sampled_from(sorted(BUNDLED)), seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 8))
def test_bytes_of_a_bundled_workbook_changed(name, seed, edits):
    read_or_refuse(mutate(BUNDLED[name], random.Random(seed), edits))


# 2. The XML and value layers: bytes of one inflated part changed, the zip rebuilt right


@FUZZ
@given(name=st.sampled_from(sorted(BUNDLED)), seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 6))
def test_bytes_of_one_part_of_a_bundled_workbook_changed(name, seed, edits):
    rnd = random.Random(seed)
    data = BUNDLED[name]
    members = [i.filename for i in zipfile.ZipFile(io.BytesIO(data)).infolist()]
    member = rnd.choice(members)
    content = zipfile.ZipFile(io.BytesIO(data)).read(member)
    read_or_refuse(rezip(data, member, mutate(content, rnd, edits)))


# 3. Sheets assembled from hostile pieces

COLUMN = st.sampled_from(["A", "B", "C", "Z", "AA", "IV", "IW", "XFD", "XFE", "a", "c", "", "AAAAAAA"])
ROW = st.one_of(
    st.integers(1, 12),
    st.sampled_from([0, 199_999, 200_000, 200_001, 1_048_576, 99_999_999, 2_000_000_000, 4_294_967_297]),
)
REF = st.one_of(
    st.builds(lambda c, r: f"{c}{r}", COLUMN, ROW),
    st.sampled_from(["C0", "A-1", "-A1", "1A", "A1:B2", "&#65;1", "A 1", "A01", "ก1", ""]),
)
VALUE = st.sampled_from([
    "<v>90.5</v>", "<v>2568</v>", "<v>-1</v>", "<v>1e308</v>", "<v>NaN</v>", "<v></v>", "",
    "<v>0</v>", "<v>2</v>", "<v>99</v>", "<v> 1 </v>",
    '<is><t>อบต.ก</t></is>', '<is><t>๙๐.๕</t></is>', '<is><t>ตัวชี้วัดที่ 1</t></is>',
])
TYPE = st.sampled_from(["", ' t="n"', ' t="inlineStr"', ' t="e"', ' t="b"', ' t="s"', ' t="str"', ' t="d"', ' t="x"'])
EXTRA = st.sampled_from(["", ' s="0"', ' s="9999"', ' r="E99999999"', ' x:r="A1"', ' cm="1"', 'r="A2"'])


@st.composite
def cells(draw: st.DrawFn) -> str:
    ref = draw(st.one_of(st.none(), REF))
    where = "" if ref is None else f' r="{ref}"'
    tag = draw(st.sampled_from(["c", "x:c"]))
    return f"<{tag}{where}{draw(TYPE)}{draw(EXTRA)}>{draw(VALUE)}</{tag}>"


@st.composite
def sheets(draw: st.DrawFn) -> tuple[str, str]:
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        r = draw(st.one_of(st.none(), ROW, st.sampled_from(["x", "-3", ""])))
        attr = "" if r is None else f' r="{r}"'
        rows.append(f"<row{attr}>{''.join(draw(st.lists(cells(), max_size=6)))}</row>")
    merges = draw(st.lists(st.one_of(REF, st.builds(lambda a, b: f"{a}:{b}", REF, REF)), max_size=4))
    after = f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
    return HEADER + "".join(rows), after if merges else ""


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(sheet=sheets())
def test_sheets_assembled_from_hostile_pieces(sheet):
    data, after = sheet
    read_or_refuse(workbook(data, after, strings=["ตัวชี้วัดที่ 1", "อบต.ก", "x" * 1000]))


# ---------------------------------------------------------------------------------------------
# A sample through the command line, in a child capped at 1 GB


def sample_files(tmp_path: Path, count: int) -> list[Path]:
    rnd = random.Random(11)
    paths = []
    names = sorted(BUNDLED)
    for i in range(count):
        data = BUNDLED[names[i % len(names)]]
        if i % 2:
            members = [m.filename for m in zipfile.ZipFile(io.BytesIO(data)).infolist()]
            member = rnd.choice(members)
            content = zipfile.ZipFile(io.BytesIO(data)).read(member)
            data = rezip(data, member, mutate(content, rnd, rnd.randrange(1, 6)))
        else:
            data = mutate(data, rnd, rnd.randrange(1, 6))
        path = tmp_path / f"ตัวอย่าง{i:02d}.xlsx"
        path.write_bytes(data)
        paths.append(path)
    return paths


@pytest.mark.parametrize("command", ["validate", "summary"])
def test_a_sample_through_the_cli_exits_0_or_1_without_a_traceback(tmp_path, command):
    paths = sample_files(tmp_path, 24)
    proc = run_limited(command, *map(str, paths))
    assert proc.returncode in (0, 1), (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr[-2000:]
    assert "ไม่คาดคิด" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    if command == "validate":
        # Every file has its line: read, refused, or damaged beyond reading.
        assert all(path.name in proc.stdout for path in paths), proc.stdout

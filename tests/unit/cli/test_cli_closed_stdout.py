"""Standard output closed early (issue 11, case 11): `python -m ita summary … --json | head` and
every other command end quietly, with no message and the exit code of a command stopped by SIGPIPE
(141), as Unix tools do."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
COMMANDS = {
    "summary --json": ["summary", *sorted(DATA.glob("*.xlsx")), "--json"],
    "summary": ["summary", DATA / "trat_2563_2564.xlsx"],
    "validate": ["validate", *sorted(DATA.glob("*.xlsx"))],
    "whatif": ["whatif", DATA / "trat_2563_2564.xlsx", "--agency", "ตราด", "--year", "2564", "--set", "10=95"],
    "report": ["report", DATA / "patueng.xlsx", "--year", "2569", "--out", "{tmp}"],
    "--help": ["--help"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_command_whose_reader_has_gone_ends_quietly(command, tmp_path):
    # The reader of the pipe is gone before the command writes its first line: every write fails,
    # as it does for the lines after the tenth with `| head`.
    read_end, write_end = os.pipe()
    os.close(read_end)
    args = [str(a).format(tmp=tmp_path) for a in COMMANDS[command]]
    try:
        proc = subprocess.run([sys.executable, "-m", "ita", *args], cwd=ROOT, stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write_end)
    assert proc.stderr == ""
    # argparse writes the help itself and ignores a failed write, then exits 0: quiet as well.
    assert proc.returncode == (0 if command == "--help" else 128 + signal.SIGPIPE)
    if command == "report":  # the documents are written all the same; only the list of them is lost
        assert sorted(p.name for p in tmp_path.iterdir()) == ["O27_2569.docx", "O27_2569.xlsx",
                                                               "O28_2569.docx", "O28_2569.xlsx"]


def test_a_reader_that_stops_after_the_first_lines_ends_the_command_quietly():
    """As `| head -n 3` does: the reader takes a few lines of a long output, then closes."""
    proc = subprocess.Popen([sys.executable, "-m", "ita", *map(str, COMMANDS["summary --json"])], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    head = [proc.stdout.readline() for _ in range(3)]
    proc.stdout.close()
    assert proc.wait(60) in (0, 128 + signal.SIGPIPE)  # 0 when all of it fitted in the pipe first
    assert head[0] == "[\n" and proc.stderr.read() == ""
    proc.stderr.close()

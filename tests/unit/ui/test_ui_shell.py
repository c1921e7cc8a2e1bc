"""ita.ui.shell's garbage-collector freeze: done once per set of loaded modules, never every run."""

from __future__ import annotations

import gc
import sys
import types

import pytest

from ita.ui import shell


def test_long_lived_objects_are_frozen_again_only_when_modules_were_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    freezes: list[int] = []
    collections: list[int] = []
    monkeypatch.setattr(shell, "_modules_frozen", 0)
    monkeypatch.setattr(gc, "freeze", lambda: freezes.append(len(sys.modules)))
    monkeypatch.setattr(gc, "collect", lambda generation=2: collections.append(generation) or 0)

    shell._freeze_long_lived_objects()  # the process's first run: collect, then freeze
    shell._freeze_long_lived_objects()  # a rerun with the same modules: nothing to do
    assert (len(freezes), len(collections)) == (1, 1)

    monkeypatch.setitem(sys.modules, "ita_test_newly_imported", types.ModuleType("ita_test_newly_imported"))
    shell._freeze_long_lived_objects()  # a page imported something: freeze again, right after the
    assert (len(freezes), len(collections)) == (2, 1)  # server's own post-run collection

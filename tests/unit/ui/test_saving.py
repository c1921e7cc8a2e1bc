"""ita.ui.saving: a store write through `save` returns what the store returned, or None once an
error box holds the store's Thai reason (escaped), drawn as the page asks for each kind of refusal;
`flash` keeps the message for the next run and reruns."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from ita.storage.store import ConflictError, InvalidEntry, StoreError
from ita.ui import saving


class Rerun(Exception):
    pass


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Streamlit as `saving` sees it: the error boxes drawn, the session state, and a rerun."""

    def rerun() -> None:
        raise Rerun

    fake = SimpleNamespace(errors=[], session_state={}, rerun=rerun)
    fake.error = fake.errors.append
    monkeypatch.setattr(saving, "st", fake)
    return fake


def _raise(exc: Exception) -> Any:
    raise exc


CONFLICT = ConflictError({}, {"title": ("ก", "ข")}, "สมหญิง", "2025-11-03T10:00:00")
INVALID = InvalidEntry([("มาตรการ/แนวทาง", "ต้องกรอกชื่อมาตรการ"), ("ลำดับ", "มี **ลำดับ** _8_ แล้ว")])
REFUSED = StoreError("ลบไม่ได้: ผู้ใช้ **สม_ชาย**\nบรรทัดที่สอง", "refused")


def test_an_accepted_write_returns_what_the_store_returned_and_draws_nothing(shown: SimpleNamespace) -> None:
    saved = saving.save(lambda: {"version": 2})
    assert saved == saving.Saved({"version": 2})
    assert saving.save(lambda: None)  # a write that returns nothing is still a success
    assert shown.errors == []


def test_any_refusal_shows_the_stores_message_on_one_line_escaped_by_default(shown: SimpleNamespace) -> None:
    for exc in (REFUSED, CONFLICT, INVALID):
        assert saving.save(lambda exc=exc: _raise(exc)) is None
    assert shown.errors[0] == "ลบไม่ได้\\: ผู้ใช้ \\*\\*สม\\_ชาย\\*\\* บรรทัดที่สอง"
    assert shown.errors[1].startswith("บันทึกไม่ได้\\: สมหญิง แก้ไขรายการนี้ไปแล้ว")
    assert shown.errors[2] == saving.store_message(INVALID)
    assert len(shown.errors) == 3


def test_a_broken_rule_and_a_conflict_are_drawn_as_the_page_asks(shown: SimpleNamespace) -> None:
    conflicts: list[ConflictError] = []
    handlers = {"invalid": saving.problems_message, "conflict": conflicts.append}
    assert saving.save(lambda: _raise(INVALID), **handlers) is None
    assert shown.errors == ["บันทึกไม่ได้ กรุณาแก้ไขแล้วบันทึกอีกครั้ง:\n\n- มาตรการ/แนวทาง: ต้องกรอกชื่อมาตรการ\n"
                            "- ลำดับ: มี \\*\\*ลำดับ\\*\\* \\_8\\_ แล้ว"]
    assert saving.save(lambda: _raise(CONFLICT), **handlers) is None
    assert conflicts == [CONFLICT] and len(shown.errors) == 1  # the page drew the conflict itself
    assert saving.save(lambda: _raise(REFUSED), **handlers, message=lambda exc: f"[{exc.message_en}]") is None
    assert shown.errors[-1] == "[refused]"


def test_an_error_that_is_not_the_stores_is_not_swallowed(shown: SimpleNamespace) -> None:
    with pytest.raises(KeyError):
        saving.save(lambda: _raise(KeyError("x")))
    assert shown.errors == []


def test_flash_keeps_the_message_for_the_next_run_and_reruns(shown: SimpleNamespace) -> None:
    with pytest.raises(Rerun):
        saving.flash("page_flash", ("ok", "บันทึกแล้ว"))
    assert shown.session_state == {"page_flash": ("ok", "บันทึกแล้ว")}

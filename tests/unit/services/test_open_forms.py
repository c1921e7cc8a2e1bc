"""ita.services.open_forms: an edit form carries the row as read and the version a save is judged
against; it moves on after this person's own save or reorder, to keep-mine or take-theirs after a
conflict, and forgets the row when it is deleted or restored."""

from __future__ import annotations

import pandas as pd

from ita.services.open_forms import Conflict, OpenForm, OpenForms, measure_conflict
from ita.storage.store import ConflictError


def _row(version: int, title: str = "มาตรการ") -> dict:
    return {"id": 7, "version": version, "title": title}


def _conflict(row_id: int) -> Conflict:
    return Conflict(row_id, "บันทึกไม่ได้", pd.DataFrame())


def test_a_form_opens_once_on_the_row_read_and_keeps_it() -> None:
    state: dict = {}
    forms = OpenForms(state, "edits")
    form = forms.open(7, _row(3))
    assert form == OpenForm(_row(3), 3, 0)
    assert form.key("edit", 7) == "edit|7|0"
    # Someone saves the row: the open form still holds what it read.
    assert forms.open(7, _row(4, "ชื่อใหม่")) == form
    assert forms.changed_since_read(7, 4)
    assert not forms.changed_since_read(7, 3)
    assert state["edits"] == {7: form}  # kept in the state given (the session)


def test_a_conflict_shown_replaces_the_changed_since_notice_of_its_row_only() -> None:
    forms = OpenForms({}, "edits")
    forms.open(7, _row(3))
    forms.open(8, {"id": 8, "version": 1})
    forms.refused(_conflict(7))
    assert forms.conflict().row_id == 7
    assert not forms.changed_since_read(7, 4)  # the conflict says it already
    assert forms.changed_since_read(8, 2)


def test_keep_mine_moves_the_version_on_and_keeps_what_was_read() -> None:
    forms = OpenForms({}, "edits")
    forms.open(7, _row(3, "ที่ฉันอ่าน"))
    forms.refused(_conflict(7))
    forms.keep_mine(7, 4)
    form = forms.open_form(7)
    assert (form.version, form.read["title"], form.nonce) == (4, "ที่ฉันอ่าน", 0)  # the typed input stays
    assert forms.conflict() is None
    assert not forms.changed_since_read(7, 4)


def test_taking_theirs_or_saving_starts_the_form_again_from_the_row() -> None:
    forms = OpenForms({}, "edits")
    forms.open(7, _row(3))
    forms.refused(_conflict(7))
    forms.reload(7, _row(4, "ของอีกคน"))
    form = forms.open_form(7)
    assert (form.version, form.read["title"], form.key("edit", 7)) == (4, "ของอีกคน", "edit|7|1")
    assert forms.conflict() is None
    forms.reload(7, _row(5, "ที่ฉันบันทึก"))
    assert forms.open_form(7).key("edit", 7) == "edit|7|2"


def test_a_closed_form_opens_again_on_the_stored_row() -> None:
    forms = OpenForms({}, "edits")
    forms.open(7, _row(3))
    forms.close(7)
    forms.close(7)  # closing twice is harmless
    assert forms.open(7, _row(6)).version == 6


def test_a_reorder_carries_forms_read_just_before_it_and_no_other() -> None:
    forms = OpenForms({}, "edits")
    forms.open(1, {"id": 1, "version": 2})  # read just before this person's move
    forms.open(2, {"id": 2, "version": 1})  # read before someone else's save (now 3)
    forms.carry(before={1: 2, 2: 3}, after={1: 3, 2: 4})
    assert forms.open_form(1).version == 3
    assert forms.open_form(2).version == 1  # someone else's change is still caught


def test_a_measure_conflict_names_who_changed_what_and_what_this_person_entered() -> None:
    exc = ConflictError({"title": "ของอีกคน"}, {"title": ("เดิม", "ของอีกคน"), "status": ("ยังไม่เริ่ม", "ยังไม่เริ่ม")},
                        "สมหญิง", "2025-11-03T10:00:00")
    conflict = measure_conflict(7, exc, {"title": "ของฉัน"})
    assert conflict.row_id == 7
    assert "สมหญิง" in conflict.message and "มาตรการ/แนวทาง" in conflict.message
    assert conflict.table.to_dict("records") == [
        {"field": "มาตรการ/แนวทาง", "before": "เดิม", "theirs": "ของอีกคน", "mine": "ของฉัน"}]

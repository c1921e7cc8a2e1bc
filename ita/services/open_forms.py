"""Edit forms opened on stored rows (a measure, a progress entry) and the way they move on.

A form carries the row as it was read and the version a save is judged against, until it is saved,
reloaded, or the person chooses to save over someone else's change; a counter in the form's widget
keys makes the form start again from the row read. A refused save (someone saved the row since) is
kept as the one conflict the page shows. Works on any mutable mapping: the pages pass
st.session_state, the tests a dict."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from ita.services import plan
from ita.storage.store import ConflictError


@dataclass(frozen=True)
class OpenForm:
    """One open form: the row as read, the version a save is judged against, the key counter."""

    read: Mapping[str, Any]
    version: int
    nonce: int = 0

    def key(self, prefix: str, row_id: int) -> str:
        """Returns the form's key, '<prefix>|<row id>|<counter>' (its widgets' keys start with it)."""
        return f"{prefix}|{row_id}|{self.nonce}"


@dataclass(frozen=True)
class Conflict:
    """A save of row `row_id` refused because someone saved it since: the Thai message and what each changed."""

    row_id: int
    message: str
    table: pd.DataFrame


def measure_conflict(measure_id: int, exc: ConflictError, mine: Mapping[str, Any]) -> Conflict:
    """Returns the conflict of a refused save of a measure: who changed it and when, and per field
    the value read, theirs and the one this person entered (`mine`, the fields they changed)."""
    message = plan.conflict_message(exc.by, exc.at, exc.theirs)
    return Conflict(measure_id, message, plan.conflict_table(exc.theirs, mine))


class OpenForms:
    """The forms open on one page, by row id, kept under `key` in `state` (the conflict beside them)."""

    def __init__(self, state: MutableMapping[str, Any], key: str) -> None:
        self._state = state
        self._conflict_key = f"{key}|conflict"
        self._forms: dict[int, OpenForm] = state.setdefault(key, {})

    def open(self, row_id: int, row: Mapping[str, Any]) -> OpenForm:
        """Returns the form open on the row, opening it on `row` (the row as stored now) if none is."""
        return self._forms.setdefault(row_id, OpenForm(row, int(row["version"])))

    def changed_since_read(self, row_id: int, version: int) -> bool:
        """Returns True when the row (now at `version`) was saved since its form read it, and no
        conflict of that row is shown (the conflict says it already)."""
        conflict = self.conflict()
        return self.open_form(row_id).version != version and (conflict is None or conflict.row_id != row_id)

    def open_form(self, row_id: int) -> OpenForm:
        """Returns the form open on the row (KeyError when none is)."""
        return self._forms[row_id]

    def conflict(self) -> Conflict | None:
        """Returns the conflict shown, if any."""
        return self._state.get(self._conflict_key)

    def refused(self, conflict: Conflict) -> None:
        """Shows `conflict` (a save refused); the form keeps what the person typed."""
        self._state[self._conflict_key] = conflict

    def reload(self, row_id: int, row: Mapping[str, Any]) -> None:
        """Starts the form again from `row` (after this person's save, or to take the other's
        change instead of theirs), and clears the conflict."""
        before = self._forms.get(row_id)
        self._forms[row_id] = OpenForm(row, int(row["version"]), before.nonce + 1 if before else 0)
        self._state.pop(self._conflict_key, None)

    def keep_mine(self, row_id: int, version: int) -> None:
        """Lets the next save go over the row at `version` (someone else's save): only the fields
        this person changed against what they read are sent. Clears the conflict."""
        self._forms[row_id] = replace(self._forms[row_id], version=version)
        self._state.pop(self._conflict_key, None)

    def close(self, row_id: int) -> None:
        """Forgets the row's form (the row was deleted or restored): it opens again on the stored row."""
        self._forms.pop(row_id, None)

    def carry(self, before: Mapping[int, int], after: Mapping[int, int]) -> None:
        """Moves forms read just before this person's own change (`before` → `after` versions, a
        reorder) on to the new versions, so that change is not taken for someone else's."""
        read = {row_id: form.version for row_id, form in self._forms.items()}
        for row_id, version in plan.carried_versions(read, before, after).items():
            self._forms[row_id] = replace(self._forms[row_id], version=version)

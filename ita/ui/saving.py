"""The one way a page writes to the store and says how it went: `save` runs the write and, when the
store refuses it, shows the store's Thai reason in an error box; `flash` keeps the success message for
the next run and reruns, so every table and the sidebar show the write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, NoReturn, TypeVar

import streamlit as st

from ita.core.errors import ItaError
from ita.core.markdown import plain_line
from ita.storage.store import ConflictError, InvalidEntry

T = TypeVar("T")


@dataclass(frozen=True)
class Saved(Generic[T]):
    """A write the store accepted, with what the store returned (the new row, id or changes)."""

    value: T


def store_message(exc: ItaError) -> str:
    """Returns the store's Thai message as Markdown that shows it literally, on one line."""
    return plain_line(exc.message_th)


def problems_message(exc: InvalidEntry) -> str:
    """Returns the problems of a refused form as a Thai list, one '- field: reason' a line."""
    return "บันทึกไม่ได้ กรุณาแก้ไขแล้วบันทึกอีกครั้ง:\n\n" + "\n".join(
        f"- {field}: {plain_line(message)}" for field, message in exc.problems)


def save(write: Callable[[], T], *, message: Callable[[ItaError], str] = store_message,
         invalid: Callable[[InvalidEntry], str] | None = None,
         conflict: Callable[[ConflictError], None] | None = None) -> Saved[T] | None:
    """Runs `write`; returns Saved(what it returned), or None once an error box says why the store
    refused it: `invalid(exc)` for a broken rule, `conflict(exc)` draws someone else's newer save,
    and `message(exc)` is the text of any other refusal (and of those two when not given): any ItaError,
    a write the signed-in account may not make (AccessDenied) included."""
    try:
        return Saved(write())
    except ConflictError as exc:
        if conflict is None:
            st.error(message(exc))
        else:
            conflict(exc)
    except InvalidEntry as exc:
        st.error((invalid or message)(exc))
    except ItaError as exc:  # StoreError, AccessDenied, an account change refused…
        st.error(message(exc))
    return None


def flash(key: str, message: Any) -> NoReturn:
    """Keeps `message` under `key` for the next run (the page shows it once) and reruns now."""
    st.session_state[key] = message
    st.rerun()

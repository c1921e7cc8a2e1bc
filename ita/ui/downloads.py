"""A download whose file is made only when its button is clicked, and that says why when the file
cannot be made.

Streamlit runs a deferred download's builder (a callable given as `data`) in a worker thread when the
button is clicked; if it raises, Streamlit only logs it, and the browser shows at most a brief English
"Failed to generate file" — nothing that says what to fix. So the button's callback runs the same
builder again in the rerun that the click starts (before the page is drawn) and keeps the Thai reason
(ita.services.downloads) for this run, which shows it under the button. A click that works costs one
build more; drawing the page still costs none."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ita.core.markdown import plain
from ita.services.downloads import failure_message

FAILED = "download_failed"  # button key → the Thai reason of its last click, shown once


def _check(key: str, what: str, texts: str, build: Callable[[], bytes | str]) -> None:
    try:
        build()
    except Exception as exc:  # any failure: the page says it, Streamlit's worker only logs it
        st.session_state.setdefault(FAILED, {})[key] = failure_message(what, exc, texts)


def download_button(label: str, build: Callable[[], bytes | str], *, what: str, texts: str, file_name: str,
                    mime: str, key: str, help: str | None = None) -> None:
    """Draws a download of the file `build()` makes on click; when it fails, an error box says why
    and what to fix (`what` names the file, `texts` where its text comes from, both in Thai)."""
    st.download_button(label, data=build, file_name=file_name, mime=mime, key=key, icon=":material/download:",
                       on_click=_check, args=(key, what, texts, build), help=help)
    if message := st.session_state.get(FAILED, {}).pop(key, None):
        st.error(plain(message), icon=":material/error:")

"""One AppTest session as a person uses the app: signed in, the sidebar's agency and year chosen, a page
opened. Shared by the pages' AppTests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from ita.core.markdown import unescape
from ita.storage.accounts import Accounts
from ita.storage.store import Store
from ita.ui import auth

REPO_ROOT = Path(__file__).resolve().parents[2]
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # tests only: cheap hashes


def signed_in(at: AppTest, name: str, role: str = "admin") -> AppTest:
    """Signs the AppTest's session in as `name` (made in the store at ITA_DB, without a password, when
    missing), as the sign-in form does; the form itself is tested in tests/app/test_signin.py."""
    store = Store()
    try:
        accounts = Accounts(store, hasher=FAST_HASHER)
        if accounts.account(name) is None:
            accounts.add("ผู้ทดสอบระบบ", name, role, None)
    finally:
        store.close()
    at.session_state[auth.USER] = name
    at.session_state[auth.SEEN] = auth.now()
    return at


class Page:
    """AppTest of dashboard.py signed in as `name` (an admin, so the history records `name`), with the
    sidebar's agency and year chosen, then `page` opened."""

    def __init__(self, page: str, agency: str, year: int = 2568, name: str = "ผู้ทดสอบ") -> None:
        self.at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=30)
        signed_in(self.at, name)
        self.run()
        if agency != self.at.sidebar.selectbox(key="agency").value:
            self.at.sidebar.selectbox(key="agency").set_value(agency)
            self.run()
        if year != self.at.sidebar.selectbox(key="year").value:
            self.at.sidebar.selectbox(key="year").set_value(year)
            self.run()
        self.open(page)

    def run(self) -> AppTest:
        self.at.run()
        assert not self.at.exception, [e.value for e in self.at.exception]
        return self.at

    def open(self, page: str) -> AppTest:
        """Moves to another page (the sidebar's navigation link) and runs it."""
        self.at.switch_page(page)
        self.run()
        assert self.at.sidebar.selectbox(key="agency").value, "dashboard.py ran with its sidebar"
        return self.at

    def click(self, key: str) -> AppTest:
        self.at.button(key=key).click()
        return self.run()

    def key(self, prefix: str, suffix: str = "") -> str:
        """Returns the one widget key that starts with `prefix` (and ends with `suffix`)."""
        at = self.at
        widgets = [*at.text_input, *at.text_area, *at.selectbox, *at.multiselect, *at.number_input, *at.radio,
                   *at.checkbox, *at.date_input]
        found = sorted({w.key for w in widgets if w.key and w.key.startswith(prefix) and w.key.endswith(suffix)})
        assert len(found) == 1, (prefix, suffix, found)
        return found[0]

    def texts(self) -> str:
        """Every text of the main area, as the person reads it (Markdown escapes taken out)."""
        m = self.at.main
        parts = [e.value for e in (*m.error, *m.warning, *m.info, *m.success, *m.text, *m.markdown,
                                   *m.caption, *m.subheader, *m.title)]
        return "\n".join(unescape(str(p)) for p in parts)

    def table(self) -> Any:
        """Returns the weak page's indicators table (the data frame with a 'category_th' column)."""
        frames = [d.value for d in self.at.main.dataframe if "category_th" in d.value.columns]
        assert len(frames) == 1
        return frames[0].set_index("indicator")

    def metric(self, label_start: str) -> str:
        found = [m.value for m in self.at.main.metric if m.label.startswith(label_start)]
        assert len(found) == 1, [m.label for m in self.at.main.metric]
        return found[0]

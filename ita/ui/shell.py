"""The app's frame: page config, navigation and the sidebar every page shares.

dashboard.py calls `frame()` and runs the page it returns. A page calls `ensure_frame()` first: with a
folder named `pages/` next to dashboard.py, Streamlit starts each new server process (and each AppTest
run) in its old pages-folder mode, which runs a page such as pages/indicators.py alone, without
dashboard.py — no sidebar, the agency chosen dropped, file names in the menu. st.navigation switches
that mode off for good; a page that finds it still on draws the frame itself, in the same run, so no
click or typed value is lost."""

from __future__ import annotations

import gc
import sys

import streamlit as st
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

from ita.core.access import may_read, read_mode
from ita.ui.auth import SIGNIN_PAGE, account_sidebar, current_account, end_sso, expiry_notice, may_browse, setup_code
from ita.ui.data import agencies, begin_run
from ita.ui.sidebar import sidebar

PAGES = (
    ("pages/overview.py", "ภาพรวม", ":material/monitoring:"),
    ("pages/overseer.py", "ภาพรวมหลายหน่วยงาน", ":material/groups:"),
    ("pages/indicators.py", "รายตัวชี้วัด", ":material/grid_view:"),
    ("pages/peers.py", "เทียบกับหน่วยงานอื่น", ":material/leaderboard:"),
    ("pages/weak.py", "จุดอ่อนและเป้าหมาย", ":material/target:"),
    ("pages/measures.py", "มาตรการ", ":material/checklist:"),
    ("pages/progress.py", "ติดตามความก้าวหน้า", ":material/timeline:"),
    ("pages/review.py", "มาตรการได้ผลหรือไม่", ":material/fact_check:"),
    ("pages/data.py", "ข้อมูล", ":material/database:"),
    (SIGNIN_PAGE, "ลงชื่อเข้าใช้", ":material/login:"),
)
ADMIN_PAGE = ("pages/admin.py", "ผู้ใช้และสิทธิ์", ":material/manage_accounts:")  # in the menu of admins only


_modules_frozen = 0


def _freeze_long_lived_objects() -> None:
    """Moves the objects alive now out of the garbage collector's sight, when new modules were loaded.

    After every run Streamlit calls gc.collect(2) (runner.postScriptGC), which walks every object in
    the process, pandas', plotly's and openpyxl's included, holding the GIL so the run's last messages
    wait (BENCHMARKS.md). Those objects are modules, classes and caches that live as long as the
    process, so gc.freeze() them; the collection then walks only what the runs create. It freezes
    again only when a page imported new modules, i.e. a few times per process, and right after a full
    collection (the previous run's, or its own on the first run), so what it freezes is alive. The
    price: objects of the sessions open at those moments that later die in reference cycles are never
    collected (a one-off, bounded amount)."""
    global _modules_frozen
    if len(sys.modules) != _modules_frozen:
        if not _modules_frozen:
            gc.collect()
        gc.freeze()
        _modules_frozen = len(sys.modules)


def frame() -> StreamlitPage:
    """Sets up the page, the navigation and the sidebar; returns the page to run. With ITA_READ=signed-in,
    a browser not signed in gets the sign-in page only (and no agency to choose)."""
    _freeze_long_lived_objects()
    begin_run()  # the data version is read again in this run (ita.ui.data.version)
    st.set_page_config(page_title="แดชบอร์ด ITA", page_icon="📊", layout="wide")
    end_sso()
    account = current_account()
    setup_code()  # while there is no account, prints the first admin's setup code (once per process)
    shown = list(PAGES) if may_browse(account) else [p for p in PAGES if p[0] == SIGNIN_PAGE]
    if account is not None and account.role == "admin":
        shown.insert(-1, ADMIN_PAGE)
    page = st.navigation(
        [st.Page(path, title=title, icon=icon, default=i == 0) for i, (path, title, icon) in enumerate(shown)]
    )
    st.sidebar.title("แดชบอร์ด ITA")
    st.sidebar.caption("การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ")
    if len(shown) > 1:
        index = agencies()
        mode = read_mode()
        # With ITA_READ=signed-in, the agencies to choose are those the account may read.
        sidebar(index, None if mode == "public" else lambda a: may_read(account, a, index.area(a), mode))
    account_sidebar(account)
    expiry_notice()
    return page


def ensure_frame(signin: bool = False) -> None:
    """Draws the frame when this run did not come through dashboard.py (see the module's note). A page other
    than the sign-in page (`signin`) that the frame does not offer is replaced by the page it returns."""
    if PagesManager.uses_pages_directory:
        page = frame()
        if not signin and not may_browse(current_account()):
            page.run()
            st.stop()

"""Meeting mode for the projector: the weak page without the sidebar and the toolbar, its type enlarged."""

from __future__ import annotations

import streamlit as st

# Static CSS written here (no user text), so drawing it as HTML is safe.
MEETING_CSS = """<style>
    [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
    [data-testid="stHeader"], [data-testid="stToolbar"] { display: none !important; }
    [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.5rem 3rem !important; }
    [data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label,
    [data-testid="stMain"] button { font-size: 1.45rem !important; line-height: 1.5 !important; }
    [data-testid="stMain"] h1 { font-size: 3.2rem !important; }
    [data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 2.2rem !important; }
    [data-testid="stMain"] input { font-size: 1.3rem !important; }
    [data-testid="stMain"] [data-baseweb="tag"], [data-testid="stMain"] [data-baseweb="tag"] * {
        font-size: 1.2rem !important; height: auto !important; }
    [data-testid="stMain"] [data-testid="stMetricValue"] p { font-size: 3.4rem !important;
        line-height: 1.2 !important; }
    [data-testid="stMain"] [data-testid="stMetricLabel"] p { font-size: 1.5rem !important; }
    [data-testid="stMain"] [data-testid="stMetricDelta"] p { font-size: 1.4rem !important; }
    </style>"""


def meeting_style() -> None:
    """Draws the meeting mode's style: hidden sidebar and toolbar, large type."""
    st.html(MEETING_CSS)

"""The ITA domain: framework, Thai conventions, tables, scoring, analysis, checks and rules. No I/O, no Streamlit."""

"""The only Streamlit-aware helpers: the cached loader, the shared sidebar, shared widgets."""

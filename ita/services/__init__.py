"""What each page or task shows, as plain data and figures, from stored data.
Uses ita.core and ita.storage; no Streamlit."""

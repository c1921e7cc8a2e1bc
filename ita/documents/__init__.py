"""The official documents (O27, O28) and the executive brief: content, Word, Excel, chart image. No Streamlit."""

"""The ITA dashboard's package, in layers that import only downward:
core <- storage <- services <- documents, cli, ui (ui alone imports Streamlit)."""

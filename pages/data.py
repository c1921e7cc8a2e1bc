"""Placeholder: built by the store issue."""

import streamlit as st

st.title("อยู่ระหว่างพัฒนา")

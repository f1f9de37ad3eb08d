"""Placeholder until the review page is built (this session)."""

import streamlit as st

from ui.state import catalog

st.title(catalog().t("ui.nav.review"))

"""A tiny app for tests/test_access_matrix.py: the drill-down's "download the file of
this version" for the actor and the activity row the test put in session state."""

import streamlit as st

from nap_data.ui import activity_drill

activity_drill.original_download(st.session_state["row"], "en", "drill")

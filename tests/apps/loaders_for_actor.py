"""A tiny app for tests/test_cache_isolation.py: what the cached loaders hand the actor
that the test put in session state, one JSON text per frame."""

import streamlit as st

from nap_data.ui import loaders
from nap_data.vocab import DataScope

# The scope a page would ask for by default; the loaders clamp it for the actor.
asked = DataScope.SUBMITTED_AND_APPROVED
frames = {
    "submissions": loaders.submissions(),
    "activities": loaders.activities(asked),
    "indicator_values": loaders.indicator_values(asked),
    "narratives": loaders.narratives(asked),
}
for name, frame in frames.items():
    st.text(name)
    st.text(frame.write_json())

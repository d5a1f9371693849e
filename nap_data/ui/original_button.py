"""The download button for a version's workbook as it was received: on the reviewers' tab
and on a signatory's own returns."""

from __future__ import annotations

from nap_data.services import review
from nap_data.ui import loaders
from nap_data.ui.widgets import XLSX


def original_button(where, page, row: dict, label: str, key: str) -> None:
    """`where`: streamlit or a column of it; the button's key is `key` and the version's id.
    The caller has checked that the version has a file and that the reader may have it."""
    sid, actor = row["submission_id"], page.actor
    where.download_button(
        label,
        lambda: review.original_file(loaders.engine(), actor, sid)[1],
        mime=XLSX,
        file_name=row["file_name"] or f"version-{sid}.xlsx",
        key=f"{key}_{sid}",
        on_click="ignore",
        icon=":material/download:",
    )


__all__ = ["original_button"]

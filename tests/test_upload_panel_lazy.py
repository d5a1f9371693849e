"""The Returns page makes no template on a rerun: the workbook is built only when someone
clicks its download button (ui.upload_panel passes a callable)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from nap_data.ui import upload_panel


def test_the_returns_page_builds_no_template_until_asked(demo_db, monkeypatch):
    built = []
    real = upload_panel.build_template
    monkeypatch.setattr(
        upload_panel, "build_template", lambda *a, **k: built.append(1) or real(*a, **k)
    )
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["lang"] = "en"
    at.switch_page("pages/5_Returns.py").run()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    assert any(label.startswith("Download template") for label in labels), labels
    assert built == []

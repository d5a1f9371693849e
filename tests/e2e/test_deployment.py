"""The reference deployment, started for real: two app processes behind Debian's nginx on
one throw-away PostgreSQL store. A return uploaded in a real browser through nginx (so
through one of the processes) shows up in the figures that the other process serves."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from nap_data.framework import load_framework
from nap_data.i18n import t
from nap_data.returns.samples import clean_return
from tests.conftest import REPO

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


def _serve_module():
    spec = importlib.util.spec_from_file_location("serve", REPO / "deploy" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def deployment(pg_server, pg_demo_template):
    serve = _serve_module()
    if not Path(serve.NGINX).exists():
        pytest.skip("Debian's nginx is not installed (tools/system_deps.sh installs it)")
    url = pg_server.new_database("deployed", template=pg_demo_template)
    port = serve.free_port()
    running = serve.Deployment(2, f"127.0.0.1:{port}", {"NAP_DATABASE_URL": url}).start()
    yield running
    running.stop()


def _versions_on_home(page, base: str) -> int:
    """The Home page's count of return versions, as the board reads it."""
    page.goto(f"{base}/?lang=en")
    label = t("home.versions", "en")
    metric = page.locator('[data-testid="stMetric"]', has_text=label)
    expect(metric).to_be_visible()
    value = metric.locator('[data-testid="stMetricValue"]').inner_text()
    return int(re.sub(r"\D", "", value))


def test_an_upload_through_one_process_shows_in_the_other(deployment, browser, tmp_path):
    path = tmp_path / "BZ-2025.xlsx"
    path.write_bytes(clean_return(load_framework()))
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        before = [_versions_on_home(page, deployment.app_url(n)) for n in range(2)]
        assert before[0] == before[1]
        page.goto(f"{deployment.url}/Returns?lang=en")
        page.locator('input[type="file"]').first.set_input_files(str(path))
        button = page.get_by_role("button", name=t("returns.import", "en"))
        expect(button).to_be_visible(timeout=60_000)
        button.click()
        done = t("returns.imported", "en", version="@").split("@")[0].strip()
        expect(page.get_by_text(done).first).to_be_visible(timeout=60_000)
        after = [_versions_on_home(page, deployment.app_url(n)) for n in range(2)]
    finally:
        context.close()
    assert after == [before[0] + 1, before[1] + 1]

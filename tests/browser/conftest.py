"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium, installed by .ci/run) against the
real gateway served by a WSGI server in a thread, in front of the five gRPC services in this process.

Never `playwright install`: the browser is the system's. Without /usr/bin/chromium the tests skip with a
message, except under CI=true, where they fail. A failing test leaves a screenshot under test-artifacts/.
"""

from __future__ import annotations

import os
import pathlib
import re
import tempfile
import threading

import pytest

from tereze import GRPC_SERVICES, migrations
from tests.support import SERVICE_TOKEN, InProcessSuite, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "browser-test-password"
ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"


def _require_chromium() -> None:
    if os.path.exists(CHROMIUM):
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the browser tests"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """(base URL, app): the gateway on a real HTTP server in a thread, with the five services behind it."""
    _require_chromium()
    from werkzeug.serving import make_server

    from gateway.app import close_app, create_app
    from gateway.seed import seed
    from gateway.settings import Settings

    tmp = tmp_path_factory.mktemp("browser")
    suite = InProcessSuite(lambda label: f"sqlite:///{tmp / (label + '.db')}").start()
    gateway_url = f"sqlite:///{tmp / 'gateway.db'}"
    migrations.upgrade("gateway", gateway_url)
    seed(gateway_url, password=PASSWORD)
    port = free_port()
    app = create_app(Settings(database_url=gateway_url, secret_key="browser-tests-" + os.urandom(8).hex(),
                              service_token=SERVICE_TOKEN,
                              peers={n: suite.address(n) for n in GRPC_SERVICES}, call_timeout=5.0,
                              port=port))
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="gateway-http", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", app
    server.shutdown()
    thread.join(timeout=5)
    close_app(app)
    suite.stop()


@pytest.fixture(scope="session")
def playwright_driver():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    yield driver
    driver.stop()


@pytest.fixture
def new_page(playwright_driver, request):
    """new_page() → a page in a fresh browser profile (its own user-data dir); screenshots on failure."""
    contexts = []

    def _new():
        profile = tempfile.mkdtemp(prefix="tereze-chromium-")
        context = playwright_driver.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, locale="ky-KG",
            viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.pages[0] if context.pages else context.new_page()

    yield _new
    failed = getattr(request.node, "report_call", None)
    for index, context in enumerate(contexts):
        if failed is not None and failed.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
            for n, page in enumerate(context.pages):
                try:
                    page.screenshot(path=str(ARTIFACTS / f"{name}-{index}-{n}.png"), full_page=True)
                except Exception:  # noqa: BLE001 - a screenshot must never hide the real failure
                    pass
        context.close()

"""The event page in a real browser (Debian chromium + playwright), skipped when either is absent."""

from __future__ import annotations

import shutil
import socket
import threading
import time

import pytest

from test_store_fixtures import talks_analysis


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    pytest.skip("no chromium on PATH (browser test is optional)")


def test_event_page_in_chromium():
    chromium = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    uvicorn = pytest.importorskip("uvicorn")

    from teller.app import create_app

    app = create_app("sqlite://")
    a = talks_analysis()
    app.state.store.save(a)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if server.started:
                break
            time.sleep(0.05)
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(f"http://127.0.0.1:{port}/events/{a.events[0].id}")
            assert page.locator(".text mark.ev").first.inner_text() == "held a telephone call"
            assert page.locator(".text mark.flag.sev-error").inner_text() == "21 p.m."
            # The stylesheet loaded (CSP allows it): evidence has a background colour.
            bg = page.locator(".text mark.ev").first.evaluate("e => getComputedStyle(e).backgroundColor")
            assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
            page.locator("sup.ref a").first.click()
            assert page.url.endswith("#a1-flag-1")
            assert not errors, errors
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=5)

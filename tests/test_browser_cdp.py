"""A small Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (no websocket, no extra package).

Chromium reads commands from file descriptor 3 and writes replies and events to descriptor 4, each a
JSON message followed by a NUL byte. Used by ``test_browser.py``; the one test here checks the client.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars",
                  "--remote-debugging-pipe", "--window-size=1280,900"]


def chromium_path() -> str:
    """Debian's chromium, or a failure that says how to get it (the browser tests never skip)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Debian's chromium is not installed: run `make browser` (or `apt-get install chromium`); "
                "the browser tests need it and do not skip", pytrace=False)


class Browser:
    """One headless Chromium with a fresh profile, driven over the DevTools pipe."""

    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="policytrack-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def arrange() -> None:  # runs in the child: the pipe ends become descriptors 3 and 4
            read_end, write_end = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [chromium_path(), *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4, to_child_r, from_child_w), preexec_fn=arrange,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._next_id = 0
        self._replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.events: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._from_child, "rb", buffering=0) as stream:
            while chunk := stream.read(1 << 16):
                buffer += chunk
                while b"\0" in buffer:
                    raw, buffer = buffer.split(b"\0", 1)
                    message = json.loads(raw)
                    if "id" in message:
                        with self._lock:
                            waiting = self._replies.get(message["id"])
                        if waiting is not None:
                            waiting.put(message)
                    else:
                        self.events.append(message)

    def send(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None,
             timeout: float = 30) -> dict[str, Any]:
        """Send one command and wait for its reply; a protocol error fails the test."""
        with self._lock:
            self._next_id += 1
            message_id = self._next_id
            waiting: queue.Queue[dict[str, Any]] = queue.Queue()
            self._replies[message_id] = waiting
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        try:
            reply = waiting.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"Chromium did not answer {method} within {timeout} s") from None
        if "error" in reply:
            raise AssertionError(f"{method} failed: {reply['error']}")
        return reply.get("result", {})  # type: ignore[no-any-return]

    def new_tab(self) -> Tab:
        """A new page with Page, Runtime and Log events on."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        tab = Tab(self, session)
        for domain in ("Page", "Runtime", "Log"):
            tab.send(f"{domain}.enable")
        return tab

    def close(self) -> None:
        """Stop Chromium (only the process this object started) and remove its profile."""
        with contextlib.suppress(AssertionError):
            self.send("Browser.close", timeout=5)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_child)
        shutil.rmtree(self.profile, ignore_errors=True)


class Tab:
    """One page of the browser."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 30) -> dict[str, Any]:
        """A command to this page."""
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def _events(self, method: str) -> list[dict[str, Any]]:
        return [event for event in self.browser.events
                if event.get("sessionId") == self.session and event.get("method") == method]

    def errors(self) -> list[str]:
        """Uncaught JavaScript exceptions and console errors on this page so far."""
        found = []
        for event in self._events("Runtime.exceptionThrown"):
            details = event["params"]["exceptionDetails"]
            found.append(details.get("exception", {}).get("description") or details.get("text", "exception"))
        for event in self._events("Runtime.consoleAPICalled"):
            if event["params"]["type"] == "error":
                found.append(" ".join(str(arg.get("value", arg.get("description", "")))
                                      for arg in event["params"]["args"]))
        for event in self._events("Log.entryAdded"):
            entry = event["params"]["entry"]
            if entry["level"] == "error" and entry.get("source") not in ("network",):
                found.append(f"{entry.get('source')}: {entry['text']}")
        return found

    def goto(self, address: str, timeout: float = 30) -> None:
        """Open ``address`` and wait for its load event."""
        before = len(self._events("Page.loadEventFired"))
        self.send("Page.navigate", {"url": address})
        deadline = time.monotonic() + timeout
        while len(self._events("Page.loadEventFired")) <= before:
            if time.monotonic() > deadline:
                raise AssertionError(f"{address} did not load within {timeout} s")
            time.sleep(0.05)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (promises are awaited)."""
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                               "awaitPromise": True})
        if "exceptionDetails" in reply:
            raise AssertionError(f"JavaScript failed: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 15) -> Any:
        """Poll a JavaScript expression until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for: {expression}")

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the whole page."""
        data = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path


def test_cdp_client_evaluates_javascript() -> None:
    """The client can start Chromium, open a page and read a value back."""
    browser = Browser()
    try:
        tab = browser.new_tab()
        tab.goto("data:text/html,<title>x</title><p id=p>hello</p>")
        assert tab.evaluate("document.getElementById('p').textContent") == "hello"
        assert tab.errors() == []
    finally:
        browser.close()

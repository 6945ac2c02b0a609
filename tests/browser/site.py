"""A real Pet-Friendly site for browser tests: the web server and the task worker as processes
of their own on a database of their own (a SQLite file, or a scratch PostgreSQL database when the
tests run on PostgreSQL), as a clinic runs them with ``bin/console``; a headless Chromium
driven by Playwright; and what every page of the Spanish UI is checked for (``Looker``)."""

from __future__ import annotations

import functools
import re
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.processes import ROOT, Scratch, run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "var" / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TALLEST = 4000

ENGLISH = re.compile(
    r"(?<![\w-])(Batch(es)?|Records?|Owners?|Pets?|Runs?|Trial|Import|Sync|Rollback|Upload"
    r"|Report|Issues?|Rows|Errors|Status|Progress|Page|Next|Previous|completed|failed|running"
    r"|queued|dry run|Finished|Failed|Signed|Waiting|Importing|Resolved( by)?|Created by"
    r"|Not Found|Submit|Sign[ -]off|Yes|None|True|False|object)(?![\w-])"
)
"""Telltale English words (whole words, capitals as written) in the visible text of a page of
the Spanish UI: a label, a status or a title left untranslated."""

RAW_HTML = re.compile(
    r"&(lt|gt|amp|quot|#\d+);|<\s*/?\s*(!doctype|html|body|div|p|span|table|tr|td|th|a|h[1-6]"
    r"|ul|li|section|script|style|strong|br)\b",
    re.IGNORECASE,
)
RAW_JSON = re.compile(r"""[{\[]\s*["']\w""")


@functools.cache
def issue_codes() -> re.Pattern:
    """Every issue code of the catalogue (``invalid-date``…): never shown bare to the clinic."""
    from migration.issues import CATALOG

    return re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, CATALOG))})(?![\w-])")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Site:
    """``runserver`` and ``db_worker`` sharing ``env``'s database; ``url(path)`` on it. The
    worker may start later (``worker=False``, then ``start_worker()``): a page then shows a
    job waiting for it."""

    def __init__(self, env: dict, folder: Path, *, worker: bool = True) -> None:
        self.env, self.port = env, free_port()
        self.logs = folder
        self.processes: dict[str, subprocess.Popen] = {}
        try:
            if worker:
                self.start_worker()
            serve = ("runserver", f"127.0.0.1:{self.port}", "--noreload", "--insecure")
            self._start("server", *serve)
            self._wait_for_server()
        except BaseException:
            self.close()
            raise

    def start_worker(self) -> None:
        """The task worker as ``bin/console`` starts it, polling five times a second."""
        self._start("worker", "db_worker", "--interval=0.2", "--no-startup-delay", "--no-reload")

    def __enter__(self) -> Site:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return run(self.env, "manage.py", *args)

    def shell(self, code: str) -> str:
        """What ``code`` prints, run by ``manage.py shell`` on the site's database."""
        return self.manage("shell", "-v0", "-c", code).stdout.strip()

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def close(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _start(self, name: str, *args: str) -> None:
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - kept open for the process
        self.processes[name] = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def _wait_for_server(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise AssertionError(f"the {name} ended:\n{self.log(name)[-3000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"the server never answered:\n{self.log('server')[-3000:]}")


@contextmanager
def scratch_site(scratch: Scratch, label: str, folder: Path, *, worker: bool = True):
    """A site on the scratch database ``label`` (empty, migrated), its files under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    with Site(scratch.env(label, folder), folder, worker=worker) as site:
        yield site


@contextmanager
def browser():
    """A headless Chromium (Playwright, the system's Chromium)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


class Looker:
    """Watches a page for console errors, uncaught script errors and answers >= 500; ``look``
    checks what the page shows as a clinic user reads it and saves its screenshots."""

    def __init__(self, page, prefix: str = "console") -> None:
        self.page, self.prefix = page, prefix
        self.errors: list[str] = []
        self.problems: dict[str, list[str]] = {}
        self.seen: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"script error: {exc}"))
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url") or self.page.url
            if where.endswith("/favicon.ico"):  # the browser's own request: the site has none
                return
            self.errors.append(f"console: {message.text} ({where})")

    def _response(self, response) -> None:
        if response.status >= 500:
            self.errors.append(f"{response.status} {response.request.method} {response.url}")

    def look(self, name: str) -> str:
        """The page's visible text, after checking it and its frames (the signed report);
        a phone and a desktop screenshot as ``var/test-artifacts/<prefix>-<name>-*.png``.
        What is wrong is kept in ``problems`` (the page's text beside its screenshots)."""
        self.page.wait_for_load_state("load")
        text = self.page.inner_text("body")
        texts, problems = [text], shown_wrong(text)
        for frame in self.page.frames[1:]:
            if frame.url.startswith("http"):
                texts.append(frame.inner_text("body"))
                problems += [f"in its frame: {p}" for p in shown_wrong(texts[-1])]
        problems += [*self.errors, *self._shots(name)]
        self.errors = []
        self.seen.append(name)
        shown = ARTIFACTS / f"{self.prefix}-{name}.txt"
        shown.unlink(missing_ok=True)
        if problems:
            self.problems[name] = [f"at {self.page.url}", *sorted(set(problems))]
            shown.write_text("\n\n".join(texts))
        return text

    def unexplained(self, known: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
        """The problems no known defect (page → patterns of its problems) accounts for, and
        each known defect no longer seen (fixed: to take off the list)."""
        left: dict[str, list[str]] = {}
        for name, problems in self.problems.items():
            patterns = known.get(name, ())
            others = [p for p in problems[1:] if not any(re.search(k, p) for k in patterns)]
            if others:
                left[name] = [problems[0], *others]
        for name, patterns in known.items():
            problems = self.problems.get(name, [])
            gone = [k for k in patterns if not any(re.search(k, p) for p in problems)]
            if gone and name in self.seen:
                left.setdefault(name, []).extend(f"fixed, take it off the list: {k}" for k in gone)
        return left

    def _shots(self, name: str) -> list[str]:
        """The screenshots; at 390 px, whether the page is wider than the screen."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.set_viewport_size(PHONE)
        try:
            wide, screen = self.page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            self._shot(name, "phone", PHONE)
        finally:
            self.page.set_viewport_size(DESKTOP)
        self._shot(name, "desktop", DESKTOP)
        return [f"{wide} px wide at {screen} px"] if wide > screen else []

    def _shot(self, name: str, suffix: str, size: dict) -> None:
        """The page from its top, at most ``TALLEST`` pixels of it (a long report's whole
        length takes longer to draw than the rest of the test)."""
        tall = self.page.evaluate("document.documentElement.scrollHeight")
        self.page.screenshot(
            path=ARTIFACTS / f"{self.prefix}-{name}-{suffix}.png",
            full_page=True,
            clip={"x": 0, "y": 0, "width": size["width"], "height": min(tall, TALLEST)},
        )


def shown_wrong(text: str) -> list[str]:
    """What a clinic user should never read: markup or JSON as text, English, bare codes."""
    problems = [f"raw HTML {m.group(0)!r}" for m in RAW_HTML.finditer(text)]
    problems += [f"raw JSON {m.group(0)!r}" for m in RAW_JSON.finditer(text)]
    found = [*ENGLISH.finditer(text), *issue_codes().finditer(text)]
    for match in found:
        start = max(match.start() - 40, 0)
        problems.append(f"{match.group(0)!r} in «{text[start : match.end() + 40]}»")
    return problems

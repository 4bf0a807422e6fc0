"""How fast the Dashboard answers in a real browser, on a large made-up caseload.

Serves a JupyterLab on 127.0.0.1 (a random port and token, its own temporary config, data,
runtime and settings folders, as the browser tests do) holding one notebook that builds
``careerkit.demo.generate(CLIENTS, seed=1)`` (10,000 clients, about 50,000 goals, by
default) and shows ``careerkit.widgets.Dashboard(data)``. Headless Chromium
(/usr/bin/chromium, driven by Playwright) opens it, runs all cells and waits for both
charts. Then, as a person would:

- **filter change**: type a client's name in the search box (not timed: the list narrows),
  then click that name in the list; and click one state in the state list;
- **as_of change**: type another day into the As of date field (Playwright's ``fill``: the
  browser's ``input`` and ``change`` events; each day a new one, so goal_status is
  computed afresh).

Each change is timed in the page, from the browser's own event (the ``mousedown`` of the
click, or the date field's ``input``) to the animation frame after the **last change to
either chart's DOM** (a MutationObserver on both plotly charts; a change counts once both
chart titles name the new choice, and the charts are done when 1.5 s pass with no further
change). Also shown: when both titles first showed the new choice, when the goal table
changed last, and the CPU time (user + system, from /proc) that JupyterLab with its kernel,
and the browser (Chromium and Playwright's driver) spent from the event to the end of the
quiet period, and the CPU time of the page's main thread alone (Chromium's ``ThreadTime``
over CDP: plotly.js drawing, the page's layout): figures a busy machine disturbs less than
the wall times. The table gives the
median of ``--repeat`` runs (and the slowest).
Targets (issue 12): a filter change within 500 ms, an as_of change within 1.5 s.

This is a benchmark, not a test. The table is printed and written into benchmarks/README.md
between ``<!-- bench:dashboard-browser:start -->`` and ``end`` (not with ``--no-write``,
nor when careerkit is imported from another tree), with the commit measured and the date.

With ``--profile DIR`` the page's CPU profile of each change is written into DIR (one
``.cpuprofile`` a change, which Chrome DevTools' Performance panel opens: plotly.js's
``do_update`` and what it calls), and nothing into the README.

Usage::

    python benchmarks/dashboard_browser.py                  # 10,000 clients, 5 runs each
    python benchmarks/dashboard_browser.py --clients 500 --repeat 3 --no-write
    python benchmarks/dashboard_browser.py --clients 2000 --repeat 1 --profile build/profiles
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import benchlib
import nbformat

TARGETS = {"filter": 500.0, "as_of": 1500.0}  # ms
CHROMIUM = Path(os.environ.get("CAREERKIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden)"
KERNEL_IDLE = re.compile(r"^(?!No Kernel).+ \| Idle$")
SHOT = benchlib.ROOT / "build" / "screenshots" / "dashboard_browser-failure.png"
QUIET_MS = 1500  # no change to either chart for this long: the drawing is done
CHANGE_TIMEOUT_MS = 120_000

#: Installed in the page before each timed change: the probe that times it.
ARM = r"""([root, expected]) => {  // expected: [caseload title part, timeline's]
    const caseload = root.querySelector('.ck-dashboard-caseload');
    const timeline = root.querySelector('.ck-dashboard-timeline');
    const table = root.querySelector('.ck-dashboard-table');
    const probe = {t0: null, titles: null, chart: null, frame: null, table: null,
                   tableFrame: null};
    const titled = () => [caseload, timeline].every((chart, i) => {
        const title = chart.querySelector('.gtitle');
        return title !== null && title.textContent.includes(expected[i]);
    });
    const start = () => { if (probe.t0 === null) probe.t0 = performance.now(); };
    for (const kind of ['mousedown', 'input', 'change']) {
        document.addEventListener(kind, start, {capture: true, once: true});
    }
    const charts = new MutationObserver(() => {
        if (probe.t0 === null) return;
        const now = performance.now();
        if (probe.titles === null && titled()) probe.titles = now;
        probe.chart = now;
        requestAnimationFrame(() => { probe.frame = performance.now(); });
    });
    const tables = new MutationObserver(() => {
        if (probe.t0 === null) return;
        probe.table = performance.now();
        requestAnimationFrame(() => { probe.tableFrame = performance.now(); });
    });
    const watch = {subtree: true, childList: true, attributes: true, characterData: true};
    charts.observe(caseload, watch);
    charts.observe(timeline, watch);
    tables.observe(table, watch);
    probe.stop = () => { charts.disconnect(); tables.disconnect(); };
    window.__ckProbe = probe;
}"""

#: Resolves once the change is shown: the table changed (the kernel has answered: it sends
#: the charts' updates before the table's) and neither the table nor a chart changed for
#: ``quiet`` ms. It waits in the page, looking every 100 ms: Playwright polling from outside
#: (a round trip every 50 ms) cost the browser more CPU than some changes.
DRAWN = r"""([quiet, timeout]) => new Promise((resolve, reject) => {
    const p = window.__ckProbe;
    const begin = performance.now();
    const look = () => {
        const now = performance.now();
        if (p.tableFrame !== null && now - Math.max(p.table, p.chart || 0) > quiet) resolve(true);
        else if (now - begin > timeout) reject(new Error("the change was not shown"));
        else setTimeout(look, 100);
    };
    look();
})"""

READ = r"""() => {
    const p = window.__ckProbe;
    p.stop();
    const since = t => t === null ? null : t - p.t0;
    return {titles: since(p.titles), drawn: since(p.frame), table: since(p.tableFrame)};
}"""


def notebook(clients: int, seed: int) -> nbformat.NotebookNode:
    cells = [
        "import careerkit\nfrom careerkit.widgets import Dashboard\n"
        f"data = careerkit.demo.generate({clients}, seed={seed})\ndata",
        "dash = Dashboard(data)\ndash",
    ]
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                   "language": "python"}
    return book


# --- JupyterLab ----------------------------------------------------------------------------

class Server:
    """A JupyterLab started for this run (its own process group), stopped by ``stop``."""

    def __init__(self, base: Path):
        self.root = base / "root"
        self.root.mkdir()
        self.runtime = Path(tempfile.mkdtemp(prefix=f"ck-bench-{uuid.uuid4().hex[:8]}-"))
        dirs = {name: base / name for name in ("config", "data", "settings", "workspaces",
                                               "ipython")}
        for path in dirs.values():
            path.mkdir()
        settings = {
            "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                            "checkForUpdates": False},
            "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
            "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
        }
        for plugin, values in settings.items():
            path = dirs["settings"] / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        (dirs["config"] / "jupyter_server_config.json").write_text(
            json.dumps({"LabApp": {"news_url": None}, "LabServerApp": {"news_url": None}}))
        env = benchlib.child_env(benchlib.ROOT)  # the kernel imports this tree's careerkit
        env.update(JUPYTER_CONFIG_DIR=str(dirs["config"]), JUPYTER_DATA_DIR=str(dirs["data"]),
                   JUPYTER_RUNTIME_DIR=str(self.runtime), IPYTHONDIR=str(dirs["ipython"]),
                   JUPYTER_PLATFORM_DIRS="0", PYTHONUNBUFFERED="1")
        for name in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "CI"):
            env.pop(name, None)
        self.token = uuid.uuid4().hex
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={self.root}",
                   "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
                   "--ServerApp.port_retries=20", f"--IdentityProvider.token={self.token}",
                   "--ServerApp.open_browser=False", "--ServerApp.terminals_enabled=False",
                   f"--LabApp.user_settings_dir={dirs['settings']}",
                   f"--LabApp.workspaces_dir={dirs['workspaces']}"]
        if os.geteuid() == 0:
            command.append("--allow-root")
        self.log = base / "jupyterlab.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(command, cwd=self.root, env=env, stdout=out,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        self.url = self._wait()

    def _wait(self, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        info = self.runtime / f"jpserver-{self.process.pid}.json"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited:\n{self.log.read_text()[-3000:]}")
            if info.exists():
                with contextlib.suppress(ValueError, KeyError, OSError):
                    url = f"http://127.0.0.1:{json.loads(info.read_text())['port']}"
                    self.api(url, "status")
                    return url
            time.sleep(0.25)
        raise RuntimeError(f"JupyterLab did not answer:\n{self.log.read_text()[-3000:]}")

    def api(self, url: str, path: str, method: str = "GET") -> None:
        request = urllib.request.Request(f"{url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.api(self.url, "shutdown", method="POST")
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=20)
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        shutil.rmtree(self.runtime, ignore_errors=True)


# --- the browser ---------------------------------------------------------------------------

def open_dashboard(page, server: Server, path: str, timeout_s: float):
    """Open the notebook, Run → Run All Cells, wait for both charts: the Dashboard."""
    page.goto(f"{server.url}/lab/workspaces/bench-{uuid.uuid4().hex[:8]}/tree/{path}"
              f"?token={server.token}")
    page.locator(f"{NOTEBOOK} .jp-Cell").first.wait_for(timeout=120_000)
    page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE).wait_for(timeout=120_000)
    say("notebook open, kernel idle: Run All Cells")
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu .lm-Menu-item:visible", has_text="Run All Cells").first.click()
    dash = page.locator(f"{NOTEBOOK} .ck-dashboard").first
    dash.wait_for(timeout=timeout_s * 1000)
    say("Dashboard shown: waiting for both charts")
    for chart in ("caseload", "timeline"):
        dash.locator(f".ck-dashboard-{chart} .main-svg").first.wait_for(
            timeout=timeout_s * 1000)
    page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE).wait_for(
        timeout=timeout_s * 1000)
    return dash


def descendants(root: int) -> set[int]:
    """The processes under ``root`` (from /proc: each process's parent)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat[stat.rindex(")") + 2:].split()[1])
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        found.update(children)
        todo.extend(children)
    return found


def cpu_seconds(pids) -> float:
    """User + system CPU time of these processes (those still running)."""
    ticks = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = Path(f"/proc/{pid}/stat").read_text()
            fields = stat[stat.rindex(")") + 2:].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


class Cpu:
    """CPU time of JupyterLab and its kernel, of the browser (with Playwright's driver), and
    of the page's main thread (Chromium's own count: where the page's scripts, plotly.js
    among them, and its layout run)."""

    def __init__(self, server: Server, page=None, profiles: Path | None = None):
        self.server = server
        self.cdp = None
        self.profiles = profiles  # a folder: a CPU profile of the page per change
        self.count = 0
        if page is not None:
            self.cdp = page.context.new_cdp_session(page)
            self.cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
            if profiles is not None:
                profiles.mkdir(parents=True, exist_ok=True)
                self.cdp.send("Profiler.enable")

    def start_profile(self) -> None:
        if self.profiles is not None and self.cdp is not None:
            self.cdp.send("Profiler.start")

    def stop_profile(self, expected) -> None:
        """Write the page's CPU profile of the change (Chrome DevTools opens it)."""
        if self.profiles is None or self.cdp is None:
            return
        profile = self.cdp.send("Profiler.stop")["profile"]
        self.count += 1
        name = re.sub(r"[^A-Za-z0-9]+", "-", " ".join(expected)).strip("-")[:60]
        path = self.profiles / f"{self.count:02d}-{name}.cpuprofile"
        path.write_text(json.dumps(profile))

    def now(self) -> tuple[float, float, float]:
        lab = descendants(self.server.process.pid) | {self.server.process.pid}
        browser = descendants(os.getpid()) - lab
        main = 0.0
        if self.cdp is not None:
            metrics = self.cdp.send("Performance.getMetrics")["metrics"]
            main = next((m["value"] for m in metrics if m["name"] == "ThreadTime"), 0.0)
        return cpu_seconds(lab), cpu_seconds(browser), main


def timed(page, dash, expected, act, cpu: Cpu | None = None) -> dict:
    """Arm the probe, do ``act()``, wait until drawn: the times (ms) from the event.

    ``expected``: what both chart titles then say, or one text for each chart."""
    if isinstance(expected, str):
        expected = [expected, expected]
    page.evaluate(ARM, [dash.element_handle(), expected])
    before = cpu.now() if cpu else (0.0, 0.0, 0.0)
    if cpu:
        cpu.start_profile()
    act()
    page.evaluate(DRAWN, [QUIET_MS, CHANGE_TIMEOUT_MS])
    after = cpu.now() if cpu else (0.0, 0.0, 0.0)
    if cpu:
        cpu.stop_profile(expected)
    return {**page.evaluate(READ), "kernel_cpu": 1000 * (after[0] - before[0]),
            "browser_cpu": 1000 * (after[1] - before[1]),
            "page_cpu": 1000 * (after[2] - before[2])}


def say(text: str) -> None:
    print(f"{dt.datetime.now():%H:%M:%S} {text}", file=sys.stderr, flush=True)


def exact(text: str) -> re.Pattern:
    return re.compile(f"^{re.escape(text)}$")


def measure(page, dash, repeat: int, cpu: Cpu) -> list[tuple[str, str, list[dict]]]:
    clients = dash.locator(".ck-dashboard-client select")
    search = dash.locator(".ck-dashboard-client-search input")
    states = dash.locator(".ck-dashboard-state select")
    date = dash.locator(".ck-dashboard-as-of input")
    names = clients.locator("option").all_text_contents()
    picks = [names[(17 * i + 3) % len(names)] for i in range(repeat)]
    results = []

    everyone = ["Caseload as of", "Goal timeline as of"]  # no filter: no " — " in titles
    runs, back = [], []
    for name in picks:
        search.fill(name.lower())  # not timed: the list narrows to the name
        option = clients.locator("option").filter(has_text=exact(name))
        option.wait_for(timeout=CHANGE_TIMEOUT_MS)
        page.locator("#jp-main-statusbar").get_by_text(KERNEL_IDLE).wait_for(timeout=60_000)
        runs.append(timed(page, dash, f"— {name}", option.click, cpu))
        back.append(timed(page, dash, everyone,
                          lambda option=option: option.click(modifiers=["Control"]), cpu))
    results.append(("pick one client (search, then a click on the name)", "filter", runs))
    results.append(("back to all clients (Ctrl+click the chosen name)", "filter", back))

    search.fill("")
    runs = []
    labels = [label for label in states.locator("option").all_text_contents()
              if label != "dropped"]
    for i in range(repeat):
        label = labels[i % len(labels)]
        option = states.locator("option").filter(has_text=exact(label))
        runs.append(timed(page, dash, f"— {label}", option.click, cpu))
    results.append(("pick one state (a click in the list)", "filter", runs))
    timed(page, dash, everyone, lambda: option.click(modifiers=["Control"]))  # all again

    start = dt.date.fromisoformat(date.input_value())
    runs = []
    for i in range(repeat):
        day = (start - dt.timedelta(days=9 * (i + 1))).isoformat()  # a new day each run
        runs.append(timed(page, dash, f"as of {day}", lambda day=day: date.fill(day), cpu))
    results.append(("new as_of day (goal_status computed)", "as_of", runs))
    return results


def median_ms(values) -> str:
    """The median of the times measured (ms), with how many runs lacked one."""
    found = [v for v in values if v is not None]
    if not found:
        return "—"
    missing = len(values) - len(found)
    return f"{statistics.median(found):,.0f} ms" + (f" ({missing} runs: none)" if missing else "")


def table(results) -> str:
    lines = ["| change | click to table shown | slowest | click to last chart change "
             "| both chart titles updated | CPU: JupyterLab + kernel | CPU: browser "
             "| CPU: page's main thread | target (charts) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for what, kind, runs in results:
        shown = [r["table"] for r in runs]
        drawn = [r["drawn"] for r in runs]
        middle = statistics.median(shown)
        over = " (over)" if middle > TARGETS[kind] else ""
        lines.append(f"| {what} | {middle:,.0f} ms{over} | {max(shown):,.0f} ms "
                     f"| {median_ms(drawn)} | {median_ms([r['titles'] for r in runs])} "
                     f"| {median_ms([r['kernel_cpu'] for r in runs])} "
                     f"| {median_ms([r['browser_cpu'] for r in runs])} "
                     f"| {median_ms([r['page_cpu'] for r in runs])} "
                     f"| < {TARGETS[kind]:,.0f} ms |")
    return "\n".join(lines)


#: Whether the plotly charts draw at all: traces and a title in the caseload chart.
CHARTS_DRAWN = r"""(root) => {
    const chart = root.querySelector('.ck-dashboard-caseload');
    return chart.querySelectorAll('.trace').length > 0 && chart.querySelector('.gtitle') !== null;
}"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument("--open-timeout", type=float, default=900,
                        help="seconds for the notebook to run and both charts to show")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="write the page's CPU profile of each change into DIR "
                             "(.cpuprofile, for Chrome DevTools; the profiler slows the page: "
                             "the timings are then not comparable)")
    args = parser.parse_args(argv)
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        print(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop JupyterLab on the way out
    started, loads = benchlib.now(), [benchlib.load_average()]
    commit = benchlib.measured_commit()
    base = Path(tempfile.mkdtemp(prefix="ck-dashboard-browser-"))
    server = None
    try:
        server = Server(base)
        nbformat.write(notebook(args.clients, args.seed), server.root / "dashboard.ipynb")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                                 args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            try:
                begin = time.perf_counter()
                dash = open_dashboard(page, server, "dashboard.ipynb", timeout_s=args.open_timeout)
                opened = time.perf_counter() - begin
                say(f"notebook run and Dashboard shown in {opened:.1f} s")
                drawing = dash.evaluate(CHARTS_DRAWN)
                loads.append(benchlib.load_average())
                results = measure(page, dash, args.repeat, Cpu(server, page, args.profile))
                loads.append(benchlib.load_average())
            except Exception:
                SHOT.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOT), full_page=True)
                say(f"failed: the page as it was is in {SHOT}")
                raise
            finally:
                browser.close()
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(base, ignore_errors=True)
    if errors:
        print("the page reported: " + "; ".join(errors[:5]), file=sys.stderr)

    import plotly

    caveat = "" if drawing else (
        f" **The charts drew nothing in this browser** (plotly {plotly.__version__}): the "
        "Dashboard's FigureWidgets showed empty axes (no traces, no title), so the time "
        "to the last chart drawn could not be measured (careerkit.widgets.live_figure says "
        "what made plotly's own FigureWidget do so on a busy machine). The table column is "
        "the time to the Dashboard's answer being shown: the kernel has sent both charts' "
        "updates before the table's, so it is a lower bound of the time to the last chart "
        "drawn.")
    text = "\n\n".join([
        benchlib.stamp("python benchmarks/dashboard_browser.py", started, loads, commit),
        f"Dashboard on {args.clients:,} clients (`demo.generate({args.clients}, seed="
        f"{args.seed})`) in JupyterLab, headless Chromium ({CHROMIUM}); run all cells to "
        f"the Dashboard shown: {opened:.0f} s. Median of {args.repeat} runs (and the "
        "slowest), each from the browser's event (the click's mousedown; the date field's "
        "input) to the animation frame after the goal table, or the last chart, changed. "
        "CPU: user + system time of JupyterLab with its kernel, and of the browser, over the "
        f"same change (and {QUIET_MS / 1000:.1f} s of quiet after it, the page looking every "
        "100 ms); it is what the change costs whatever the machine's load. The page's main "
        "thread (Chromium's count) is where plotly.js draws and the page is laid out: the "
        "part of the browser's CPU on the way from the click to the charts." + caveat,
        table(results),
    ])
    print(text)
    if not args.no_write and not args.profile and benchlib.careerkit_is_this_tree():
        benchlib.write_section("dashboard-browser", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

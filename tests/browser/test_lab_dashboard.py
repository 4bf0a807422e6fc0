"""The Dashboard's client search and paged table in a real JupyterLab: type part of a name
(lower case, no accents), click the one name left in the list, page with Next, and read the
table a person sees and both charts. Expected values come from careerkit on the same made-up
caseload."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest
from test_lab import comes_true, jl, shows  # noqa: F401 (fixtures used by name)

import careerkit
from careerkit.data.spellings import name_key

pytestmark = pytest.mark.browser

CLIENTS, SEED = 30, 5  # about 140 goals: three pages of 50


@pytest.fixture
def dashboard(jl, lab):  # noqa: F811
    """A notebook showing the Dashboard on demo.generate(CLIENTS, seed=SEED), run."""
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import careerkit\nfrom careerkit.widgets import Dashboard\n"
        f"dash = Dashboard(careerkit.demo.generate({CLIENTS}, seed={SEED}))\ndash")])
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                   "language": "python"}
    nbformat.write(book, lab.root / "dashboard_pages.ipynb")
    jl.open("dashboard_pages.ipynb")
    jl.run_all()
    return jl.widget(".ck-dashboard")


def summary(widget) -> str:
    return widget.locator(".ck-dashboard-table .ck-table-summary").inner_text()


def wait_for_summary(jl, widget, start: str) -> None:  # noqa: F811
    table = widget.locator(".ck-dashboard-table").element_handle()
    if not comes_true(jl.page, "([t, s]) => { const e = t.querySelector('.ck-table-summary');"
                      " return e !== null && e.textContent.startsWith(s); }", [table, start]):
        pytest.fail(f"the table says {summary(widget)!r}, not {start!r}..." + jl.console(),
                    pytrace=False)


#: Where each row label of a chart starts, in pixels from the chart's left edge (the charts
#: reckon their left margin from the labels' widths: plotly.js does not measure them).
LABEL_LEFTS = """c => {
    const edge = c.querySelector('.main-svg').getBoundingClientRect().left;
    return [...c.querySelectorAll('.ytick text')].map(t => t.getBoundingClientRect().left - edge);
}"""


#: Left and right edges of a chart, its legend and the output area holding the Dashboard.
EDGES = """c => {
    const edges = e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; };
    const legend = c.querySelector('.legend');
    return {chart: edges(c.querySelector('.main-svg')), legend: legend && edges(legend),
            area: edges(c.closest('.jp-OutputArea-output'))};
}"""


def assert_labels_fit(widget) -> None:
    for chart in ("caseload", "timeline"):
        lefts = widget.locator(f".ck-dashboard-{chart}").last.evaluate(LABEL_LEFTS)
        assert lefts and min(lefts) >= 0, f"{chart}: labels start at {lefts}"
        # the chart is as wide as the output area (no fixed width running past it), its
        # legend inside it
        edges = widget.locator(f".ck-dashboard-{chart}").last.evaluate(EDGES)
        (left, right), (area_left, area_right) = edges["chart"], edges["area"]
        assert area_left - 1 <= left and right <= area_right + 1, f"{chart}: {edges}"
        assert right - left >= 0.9 * (area_right - area_left), f"{chart}: {edges}"
        if edges["legend"]:
            assert left <= edges["legend"][0] and edges["legend"][1] <= right, f"{chart}: {edges}"


def test_search_a_client_and_page_the_table(jl, dashboard, screenshot):  # noqa: F811
    data = careerkit.demo.generate(CLIENTS, seed=SEED)
    status = careerkit.goal_status(data)
    n = len(status)
    assert 100 < n <= 150
    wait_for_summary(jl, dashboard, f"rows 1–50 of {n} goals as of ")
    assert dashboard.locator(".ck-dashboard-table tbody tr").count() == 50
    assert_labels_fit(dashboard)

    dashboard.locator(".ck-dashboard-next").click()
    wait_for_summary(jl, dashboard, f"rows 51–100 of {n} goals")
    first_rows = dashboard.locator(".ck-dashboard-table tbody tr td:first-child")
    assert first_rows.count() == 50
    screenshot(jl.page, "page-2")

    # One client, found by typing the name in lower case without accents
    client = max(status["client"].unique(), key=len)
    names = pd.Series(status["client"].unique())
    typed = name_key(pd.Series([client])).iloc[0]  # lower case, no accents
    matching = names[name_key(names).str.contains(typed, regex=False)].tolist()
    dashboard.locator(".ck-dashboard-client-search input").fill(typed)
    options = dashboard.locator(".ck-dashboard-client select option")
    if not comes_true(jl.page, "([s, k]) => s.options.length === k",
                      [dashboard.locator(".ck-dashboard-client select").element_handle(),
                       len(matching)]):
        pytest.fail(f"after typing {typed!r} the list shows {options.all_text_contents()}",
                    pytrace=False)
    options.filter(has_text=client).first.click()  # text matched whitespace-normalized
    goals = (status["client"] == client).sum()
    wait_for_summary(jl, dashboard, f"{goals} goal")
    clients_shown = dashboard.locator(".ck-dashboard-table tbody tr td:nth-child(2)")
    assert clients_shown.all_text_contents() == [client] * goals
    assert not shows(dashboard.locator(".ck-dashboard-next:visible"), timeout=1000)
    # Both charts follow: the caseload has the client's row alone, the timeline their goals.
    caseload = dashboard.locator(".ck-dashboard-caseload").last.element_handle()
    timeline = dashboard.locator(".ck-dashboard-timeline").last.element_handle()
    ticks = "c => [...c.querySelectorAll('.ytick text')].map(t => t.textContent)"
    if not comes_true(jl.page, f"([c, name]) => {{ const t = ({ticks})(c); "
                      "return t.length === 1 && t[0] === name; }", [caseload, client]):
        pytest.fail(f"the caseload chart shows {caseload.evaluate(ticks)}" + jl.console(),
                    pytrace=False)
    if not comes_true(jl.page, f"([c, name]) => {{ const t = ({ticks})(c); return t.length > 0 "
                      "&& t.every(s => s.startsWith(name + ' · ')); }", [timeline, client]):
        pytest.fail(f"the timeline shows {timeline.evaluate(ticks)}" + jl.console(),
                    pytrace=False)
    assert_labels_fit(dashboard)
    screenshot(jl.page, "one-client")

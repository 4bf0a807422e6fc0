"""WhatIf in a real JupyterLab: move its target slider as a person would (a click on the
slider's track) and see the chance of finishing by that target change, to what
careerkit computes for the same goal and target."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from test_lab import comes_true, jl, plan, shows  # noqa: F401 (fixtures used by name)

import careerkit
from careerkit.widgets import WhatIf

pytestmark = pytest.mark.browser

CHANCE = re.compile(r"chance of finishing by (\d{4}-\d{2}-\d{2}): ([\d.]+%)")


def chance_shown(widget) -> tuple[str, str]:
    """(target, chance) as the WhatIf's chance line says them."""
    found = CHANCE.search(widget.locator(".ck-whatif-chance").inner_text())
    assert found, widget.locator(".ck-whatif-chance").inner_text()
    return found.group(1), found.group(2)


def test_whatif_target_slider_changes_the_chance(jl, plan, screenshot):  # noqa: F811
    what_if = jl.widget(".ck-whatif")
    jl.scroll_to_top(what_if)
    chance = what_if.locator(".ck-whatif-chance")
    if not shows(chance.get_by_text("chance of finishing by")):
        pytest.fail("WhatIf shows no chance of finishing by the target" + jl.console(),
                    pytrace=False)
    first_target, first_chance = chance_shown(what_if)
    slider = what_if.locator(".ck-whatif-target")
    assert slider.locator(".widget-readout").inner_text().strip() == first_target
    screenshot(jl.page, "before")

    # A click near the right end of the track: a target about a year after as_of.
    # (the chart may still be growing the page: bring the track into view just before)
    track = slider.locator(".noUi-base")
    track.scroll_into_view_if_needed()
    box = track.bounding_box()
    jl.page.mouse.click(box["x"] + 0.95 * box["width"], box["y"] + box["height"] / 2)
    if not comes_true(jl.page, "([e, t]) => !e.textContent.includes('by ' + t + ':')",
                      [chance.element_handle(), first_target]):
        pytest.fail(f"the chance still says {chance.inner_text()!r} after moving the target"
                    + jl.console(), pytrace=False)
    jl.wait_idle()
    target, shown = chance_shown(what_if)
    assert target > first_target
    assert slider.locator(".widget-readout").inner_text().strip() == target
    screenshot(jl.page, "after")

    # The same goal and target in Python give the same chance; and it changed.
    printed = jl.page.locator(".jp-OutputArea-output").filter(has_text="Goal in focus:").first
    goal = re.search(r"Goal in focus: (\S+),", printed.inner_text()).group(1)
    python = WhatIf(careerkit.load(plan), goal)
    for day, seen in ((target, shown), (first_target, first_chance)):
        python.target.value = dt.date.fromisoformat(day)
        assert CHANCE.search(re.sub("</?b>", "", python.chance.value)).group(2) == seen, day
    assert shown != first_chance

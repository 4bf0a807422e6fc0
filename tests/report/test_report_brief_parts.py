"""The report's client sections show the session brief's parts (issue 12 §2): since the last
session, tasks overdue and due within 14 days, the notes timeline, made by
careerkit.briefing.compute.session_context and the brief's own macros.

The report's window is the brief's: (since, as_of]. The coaching caseload in (2026-03-17,
2026-03-31] (its docstring), by hand, per client:
- Ana Lima: check-ins on G1 (03-20) and G2 (03-25); G2 completed 03-25 (overdue →
  completed); G1 revised 07-15 → 07-31 (03-20; the 03-17 revision is the last session's);
  no tasks; four check-ins in the notes timeline, each with a note.
- Bartholomew Quince: check-ins on G3 (03-28) and G4 (03-31); G3 stalled → overdue, G4 new
  → on track.
- Cy Ng: T62 (of G6) revised 03-25 → 04-15 on 03-29 (+21 d), G6 stalled → on track; T62
  is 15 days away from 03-31, outside the 14 days (03-31 .. 04-13).
"""

from __future__ import annotations

import re

from helpers import checkin, goal, make_data
from report_pages import tables, without_plotly

import careerkit
from careerkit import report


def brief_part(html: str, anchor: str) -> str:
    """The text of one client section's brief part, tags removed, spaces collapsed."""
    found = re.search(rf'<div class="brief-part" id="{anchor}-brief">(.*?)\n    </div>', html,
                      re.S)
    assert found, anchor
    text = re.sub(r"</?(?:li|p|h4|section|ul|ol|table|thead|tbody|tr|td|th)\b[^>]*>", " ",
                  found.group(1))
    return " ".join(re.sub(r"<[^>]+>", "", text).split())


def sections(html: str, ids: dict[str, str]) -> list[str]:
    """The <section>s with these ids, renamed to the brief's ids, headings as <h2>."""
    found = []
    for section_id, brief_id in ids.items():
        match = re.search(rf'<section id="{section_id}">.*?</section>', html, re.S)
        assert match, section_id
        text = match.group(0).replace(f'id="{section_id}"', f'id="{brief_id}"')
        text = re.sub(r'data-list="(\w+)-client-\d+"', r'data-list="\1"', text)
        found.append(" ".join(re.sub(r"<(/?)h4>", r"<\1h2>", text).split()))
    return found


def test_client_sections_show_the_brief_parts_by_hand(coaching):
    html = without_plotly(report.build(coaching))
    ana, bart, cy = (brief_part(html, f"client-{n}") for n in (1, 2, 3))
    assert ana.startswith("From Ana Lima's session brief: the same parts as careerkit brief "
                          "--since 2026-03-17 shows. Since the last session (2026-03-17 → "
                          "2026-03-31) 2 check-ins on 2 days: Land a senior analyst role, "
                          "Negotiate a raise. Goal completed 2026-03-25: Negotiate a raise. "
                          "Target revised 2026-03-20: Land a senior analyst role, 2026-07-15 "
                          "→ 2026-07-31. Negotiate a raise: overdue → completed Tasks:")
    assert "No open task is overdue or due in the next 14 days." in ana
    assert ("Notes timeline, newest first 2026-03-25 Negotiate a raise · 100% Signed! "
            "2026-03-20 Land a senior analyst role · 40% Busy quarter Target 2026-07-15 → "
            "2026-07-31 (+16 d), reason: capacity. 2026-03-17") in ana
    assert ana.endswith("2026-02-01 Land a senior analyst role · 20% Kick-off with Ana")
    assert ("Since the last session (2026-03-17 → 2026-03-31) 2 check-ins on 2 days: Pass the "
            "PMP exam, Speak at a conference. Pass the PMP exam: stalled → overdue Speak at a "
            "conference: new goal → on track Tasks:") in bart
    assert ("1 check-in on 1 day: Finish the SQL course. Target revised 2026-03-29: Book the "
            "exam (Finish the SQL course), 2026-03-25 → 2026-04-15. Finish the SQL course: "
            "stalled → on track Tasks:") in cy
    assert "No open task is overdue or due in the next 14 days." in cy
    assert cy.endswith("Notes timeline, newest first 2026-03-29 Book the exam (Finish the SQL "
                       "course) Exam slots full Target 2026-03-25 → 2026-04-15 (+21 d), "
                       "reason: dependency. 2026-01-20 Exercise weekly · 10% Started")


def test_the_parts_are_the_briefs_own(coaching):
    html = report.build(coaching)
    for number, client in enumerate(["Ana Lima", "Bartholomew Quince", "Cy Ng"], start=1):
        anchor = f"client-{number}"
        brief = careerkit.brief(coaching, client, since="2026-03-17")
        assert sections(html, {f"{anchor}-since": "since", f"{anchor}-tasks": "next",
                               f"{anchor}-notes": "notes"}) == sections(
            brief, {"since": "since", "next": "next", "notes": "notes"}), client


def test_a_given_since_and_tasks_due_soon(coaching):
    # Two days later T62 (due 04-15) is 13 days away; since 03-17 as given.
    html = report.build(coaching, clients=["Cy Ng"], as_of="2026-04-02", since="2026-03-17")
    assert tables(html)["tasks-client-1"] == [
        ["Book the exam", "Finish the SQL course", "2026-04-15 (planned 2026-03-25)",
         "in 13 days"]]
    cy = brief_part(without_plotly(html), "client-1")
    assert cy.startswith("From Cy Ng's session brief: the same parts as careerkit brief "
                         "--since 2026-03-17 shows. ")
    assert ("Since the last session (2026-03-17 → 2026-04-02) 1 check-in on 1 day: Finish the "
            "SQL course. Target revised 2026-03-29: Book the exam (Finish the SQL course), "
            "2026-03-25 → 2026-04-15.") in cy
    assert sections(html, {"client-1-since": "since"}) == sections(
        careerkit.brief(coaching, "Cy Ng", as_of="2026-04-02", since="2026-03-17"),
        {"since": "since"})


def test_no_brief_part_without_a_started_goal():
    data = make_data([goal("G1", "Ana", "2025-01-01", "2025-06-30"),
                      goal("G2", "Bo", "2025-05-01", "2025-09-30")],
                     [], [checkin("2025-03-01", "G1", percent=10, note="Kick-off")])
    html = report.build(data, clients=["Bo"], as_of="2025-03-01")
    assert "No goal started by 2025-03-01." in html and 'class="brief-part"' not in html
    html = report.build(data, clients=["Ana"], as_of="2025-03-01")
    assert "2025-03-01 Goal G1 · 10% Kick-off" in brief_part(without_plotly(html), "client-1")

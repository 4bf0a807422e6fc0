"""Synthetic coaching caseloads: realistic goals, tasks and check-ins of any size.

:func:`generate` builds a deterministic caseload from a seed, fully vectorized with numpy
(100,000 clients, about 500,000 goals and 5 million check-ins, take a few seconds before
validation), and validates it with :meth:`CareerData.from_frames`.
:func:`write` saves one as a data folder. The folder ``sample_data/`` of the repository is
``generate(SAMPLE_CLIENTS, SAMPLE_SEED)``.

How the data is made
--------------------
Each client has 2 to 8 goals (5 on average) and a coaching cadence (check-ins every 1, 2, 3
or 4 weeks). About 20 % of clients keep no task list and report a goal-level
``percent_complete`` instead (monotone per goal, in steps of 5, 2.5 or 1); the others have 2
to 8 tasks per goal whose due dates are spread between the goal's start and target and
mostly leave ``percent_complete`` empty. Goals start spread over the period and target 2 to
9 months after their start. Each goal has a hidden pace: some are fast, most near plan and
about one in five slow. Tasks complete around ``start + (due - start) * pace``; a goal whose
tasks are all complete is ``completed`` a few days after the last one. About 5 % of goals
are dropped and 5 % put on hold, after which they get no more check-ins (and a dropped goal
keeps no completed tasks). Slow goals get course corrections: goal-level check-ins with a
later ``revised_target_date`` and a ``reason`` (scope, capacity, dependency, priority or
other); some check-ins are about one task (``task_id`` set), and those on late tasks revise
that task's date. Notes are short sentences, a few with commas, quotes or a line break.

Check-ins, starts and completions lie within ``[start, start + days - 1]`` (the last day,
2026-06-30 by default); targets and due dates may lie beyond it, as plans do.

Row order and ids
-----------------
``order="sorted"`` (the default) gives tidy files: goals and tasks sorted by their ids
(``C00001-G1``, ``C00001-G1-T1``, ...), check-ins by date (on one day, in goal order).
``order="realistic"`` gives the same caseload as people keep it in a spreadsheet: goals in
the order they were created (by ``start_date``; goals started on the same day in a random
order), with ids that say nothing about order or client (``G0087048``, ``G0292849``,
``G0000001``: 7 random digits, more for very large caseloads, unique); tasks (``T...``,
likewise) appended as they were planned, so the tasks of different goals interleave (a
goal's first step is planned on its start day, each next step on the day the previous one
falls due, or on the last day when that comes first); check-ins chronological across all goals
(on one day, the goals in a random order). Only the ids and the order of the rows differ:
the same seed gives the same goals, tasks and check-ins, so every metric gives the same
answers, row for row once the ids are mapped (a goal is its ``client`` and ``title``; a
task its goal and ``title`` and due date). The random choices of ``realistic`` come from a
stream of their own, so ``sorted`` output does not depend on them.

Story archetypes
----------------
Planted in the first seven clients (same ids and names) whatever the seed, so
``generate(10, seed)`` and every larger caseload hold them all (a smaller caseload holds
those of its clients). Client ids are ``C00001``, ``C00002``, ...; goal ids ``C00001-G1``,
task ids ``C00001-G1-T1``.

- ``C00001-G1`` (Zoë Abernathy), *early finisher*: fast, completed about two months before
  its target.
- ``C00002-G1`` (José Ramírez-Ortega), *re-planner*: a slow goal whose target was revised
  three times by goal-level check-ins, each with a reason.
- ``C00003-G1`` (Łukasz Wiśniewski), *stalled since last month*: active, not overdue, last
  check-in 38 days before the last day of the data.
- ``C00004-G1`` (Amara Okonkwo), *dropped* part-way.
- ``C00005-G1`` (Mei-Ling Tsai), *on hold* part-way.
- ``C00006`` (Priya Venkataraman), *no tasks*: every goal reports ``percent_complete``
  (with decimals such as 42.5); ``C00006-G1`` is active and checks in on the last day, so
  the data's latest event is the last day.
- ``C00007`` (Tomás Ó Súilleabháin), *future goal*: its last goal starts on
  ``start + days``, the day after the latest event, so ``goal_status`` leaves it out.

With ``order="realistic"`` the archetypes are the same goals under other ids: find them by
client name (a client's goals keep their order there: ``G1`` is the client's first goal in
the sorted order, which is not its first by start date).
"""

from __future__ import annotations

import os
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .data import CareerData

__all__ = ["GENERATOR_VERSION", "ORDERS", "SAMPLE_CLIENTS", "SAMPLE_SEED", "generate",
           "write"]

#: Bump whenever ``generate`` gives other data for the same arguments (caches of generated
#: caseloads, such as the benchmarks', are keyed by it).
GENERATOR_VERSION = 2

#: The row orders ``generate`` offers (see "Row order and ids" in the module docstring).
ORDERS = ("sorted", "realistic")

#: ``sample_data/`` is ``generate(SAMPLE_CLIENTS, SAMPLE_SEED)``.
SAMPLE_CLIENTS = 10
SAMPLE_SEED = 17800

#: The shortest period ``generate`` accepts (the archetypes need half a year and more).
MIN_DAYS = 240

CATEGORIES = ("skills", "network", "role", "compensation", "wellbeing")
REASONS = ("scope", "capacity", "dependency", "priority", "other")

GOAL_TITLES = {
    "skills": (
        "Get AWS Solutions Architect certification",
        "Finish the Python data analysis course",
        "Learn SQL well enough to build my own reports",
        "Pass the PMP exam",
        "Reach B2 level in Spanish",
        "Complete a public speaking course",
        "Build a portfolio project with React",
        "Get the Google UX Design certificate",
    ),
    "network": (
        "Reconnect with 10 former colleagues",
        "Attend two industry meetups a month",
        "Find a mentor in product management",
        "Speak at a local conference",
        "Grow my network in data science",
        "Join a professional association and volunteer",
        "Have coffee with five people in roles I want",
        "Publish four articles on LinkedIn",
    ),
    "role": (
        "Land a senior analyst role",
        "Move into product management",
        "Get promoted to team lead",
        "Switch to a fully remote job",
        "Transfer to the Berlin office",
        "Move from teaching to instructional design",
        "Secure a UX research position",
        "Lead a stretch project with its own budget",
    ),
    "compensation": (
        "Negotiate a 10% raise",
        "Get a salary benchmark for my role",
        "Move to a pay band in line with the market",
        "Negotiate a signing bonus in my next offer",
        "Secure a training budget of €2,000",
        "Ask for equity at the next review",
        "Get overtime paid or turned into leave",
        'Make the case for the "senior" pay grade',
    ),
    "wellbeing": (
        "Keep evenings free of work email",
        "Take all 25 days of annual leave",
        "Cut my working week to 40 hours",
        "Trial a four-day week",
        "Exercise three times a week",
        "End each workday with a shutdown routine",
        "Book a proper two-week holiday",
        "Cut meetings to under 15 hours a week",
    ),
}

#: Steps per category, in the order they usually happen.
TASK_TITLES = {
    "skills": (
        "Choose a course and set a study schedule",
        "Complete the first module",
        "Finish the hands-on labs",
        "Complete the second module",
        "Build a small practice project",
        "Take a full practice exam",
        "Review weak areas",
        "Book and sit the exam",
    ),
    "network": (
        "List people to contact",
        "Update LinkedIn profile",
        "Send the first five messages",
        "Attend the first event",
        "Follow up with new contacts",
        "Schedule coffee chats",
        "Share a post about what I learned",
        "Decide who to keep in touch with",
    ),
    "role": (
        "Write down target roles and companies",
        "Update CV",
        "Rewrite LinkedIn summary",
        "Ask two people for referrals",
        "Send applications",
        "Prepare for interviews",
        "Mock interview with coach",
        "Negotiate and accept the offer",
    ),
    "compensation": (
        "Collect salary data for my role",
        "List achievements from the past year",
        "Get feedback from a trusted colleague",
        "Write the one-page case",
        "Rehearse the conversation",
        "Book the meeting with my manager",
        "Have the conversation",
        "Follow up in writing",
    ),
    "wellbeing": (
        "Track my hours for two weeks",
        "Agree boundaries with my manager",
        "Block focus time in the calendar",
        "Turn off notifications after 6 pm",
        "Plan the first week of the new routine",
        "Check in with a friend on progress",
        "Review what worked",
        "Make the routine permanent",
    ),
}

FIRST_NAMES = (
    "Aaliyah", "Adebayo", "Aiko", "Aleksander", "Alice", "Amir", "Ana", "Anders", "Aroha",
    "Ayesha", "Beatriz", "Björn", "Camille", "Carlos", "Chen", "Chidi", "Chloé", "Daniel",
    "Darius", "Deepa", "Diego", "Elena", "Emeka", "Emma", "Fatima", "Felix", "François",
    "Freya", "Gabriel", "Hana", "Hiroshi", "Ines", "Ingrid", "Isabel", "Jamal", "Javier",
    "Jin", "Johanna", "Kai", "Kavya", "Kwame", "Laila", "Lars", "Leila", "Liam", "Lina",
    "Lucía", "Malik", "Małgorzata", "Marco", "Maria", "Mateo", "Maya", "Mehmet", "Mia",
    "Nadia", "Ngozi", "Nikhil", "Noah", "Olga", "Omar", "Paulo", "Rahul", "Renée", "Rosa",
    "Sakura", "Samuel", "Sara", "Siobhán", "Sofia", "Søren", "Tariq", "Thandiwe", "Valentina",
    "Wei", "Yara", "Yusuf", "Zainab", "Zoltán", "Zoë",
)
LAST_NAMES = (
    "Abe", "Adeyemi", "Ahmed", "Alvarez", "Andersen", "Bakker", "Banerjee", "Becker", "Bianchi",
    "Brown", "Campbell", "Castillo", "Chatterjee", "Cohen", "Costa", "Dubois", "Dvořák",
    "Eriksson", "Fernández", "Fischer", "García", "Gonçalves", "Gupta", "Haddad", "Hansen",
    "Hernández", "Hoang", "Ivanova", "Jansen", "Jensen", "Johnson", "Kaur", "Kim",
    "Kowalczyk", "Kumar", "Larsen", "Lee", "Lindqvist", "Lopes", "Mahlangu", "Martin",
    "Mensah", "Moreau", "Müller", "Murphy", "Nakamura", "Nguyen", "Novak", "Núñez", "O'Brien",
    "Okafor", "Olsen", "Owusu", "Papadopoulos", "Patel", "Pereira", "Petrov", "Popescu",
    "Rahman", "Ramos", "Rossi", "Santos", "Sato", "Schmidt", "Silva", "Singh", "Smith",
    "Søndergaard", "Suzuki", "Tanaka", "Taylor", "Tran", "Van der Berg", "Virtanen", "Wagner",
    "Wang", "Williams", "Yilmaz", "Zhang", "Šimić",
)
#: The archetype clients' names (their last names are not in LAST_NAMES, so never reused).
PLANTED_NAMES = (
    "Zoë Abernathy",
    "José Ramírez-Ortega",
    "Łukasz Wiśniewski",
    "Amara Okonkwo",
    "Mei-Ling Tsai",
    "Priya Venkataraman",
    "Tomás Ó Súilleabháin",
)
COACHES = ("Renée Laurent", "Marcus Hale", "Ingrid Solberg", "Kofi Asante", "Ana Ruiz")

NOTES = {
    "kickoff": (
        "Kick-off session: agreed the plan and first steps.",
        "Set the goal together; client is motivated.",
        "First session. Broke the goal into steps.",
        'Client said: "This is the year I make it happen."',
    ),
    "regular": (
        "Good progress this week.",
        "Slow week, busy with other projects.",
        "On track, no blockers.",
        "Made progress, but less than hoped.",
        "Discussed next steps.",
        "Client is feeling more confident.",
        "Had to reschedule once, caught up now.",
        "Small win: positive feedback from the manager.",
        "Travel this week, little time for this.",
        "Energy is back after a tough month.",
        "Steady, nothing new to report.",
        'Manager said "let\'s revisit in Q3", so waiting on that.',
        "Two steps done.\nNext: follow up with HR.",
    ),
    "task": (
        "Started this step.",
        "Halfway through this step.",
        "This step is taking longer than expected.",
        "Finished the hard part of this step.",
        "Waiting on feedback, then done.",
    ),
    "task_late": (
        "This step needs more time; moved its date.",
        "Blocked on someone else, new date set.",
        "Underestimated this one, pushed it back.",
    ),
    "scope": (
        "Goal grew in scope, so the target moves.",
        "Added a second certification, needs more time.",
        "Scope changed after talking to the manager.",
    ),
    "capacity": (
        "Too much on at work, pushing the target.",
        "Family commitments this quarter, new date agreed.",
        "Overloaded with a product launch; moved the target.",
    ),
    "dependency": (
        "Waiting for budget approval, target moved.",
        "Exam slots were full until later.",
        "Depends on the reorg; new date set.",
    ),
    "priority": (
        "Another goal comes first for now.",
        'Manager asked to focus on "Project Atlas" first.',
        "Priorities shifted after the mid-year review.",
    ),
    "other": (
        "Health issue, taking it slower.",
        "Moved house, lost a few weeks.",
        "Agreed a more realistic date.",
    ),
    "done": (
        "Done! Goal reached.",
        "Goal completed, celebrated with the team.",
        "Reached it, sooner than we feared.",
        "Completed. Next: set a new goal.",
    ),
    "dropped": (
        "Decided to drop this goal; it no longer fits.",
        "Dropping this: the role was cut.",
        "Client chose a different direction, goal dropped.",
    ),
    "on_hold": (
        "Putting this on hold until things calm down at work.",
        "On hold: parental leave.",
        "Paused while the team reorganizes.",
    ),
}

# Goal fates and pace kinds (codes used inside generate).
_NORMAL, _DROPPED, _ON_HOLD, _STALLED = 0, 1, 2, 3
_FAST, _PLAN, _SLOW = 0, 1, 2
_STR = pd.StringDtype("pyarrow", na_value=np.nan)


def generate(clients: int, seed: int = 0, *, start: str = "2025-07-01",
             days: int = 365, order: str = "sorted") -> CareerData:
    """A deterministic synthetic coaching caseload of any size, validated.

    See the module docstring (``help(careerkit.demo)``) for how the data is made and for
    the story archetypes planted in the first seven clients.

    Parameters
    ----------
    clients : int
        Number of clients. Expect about 5 goals per client, 4 tasks per goal and 10
        check-ins per goal.
    seed : int, default 0
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same data.
    start : str, default "2025-07-01"
        First day of the period.
    days : int, default 365
        Length of the period (at least 240): every check-in, goal start and completion
        lies within ``start`` and ``start + days - 1``, except the future goal of the
        archetypes, which starts on ``start + days``.
    order : {"sorted", "realistic"}, default "sorted"
        The row order and ids. ``"sorted"``: goals and tasks sorted by ids such as
        ``C00001-G1`` and ``C00001-G1-T1``, check-ins by date. ``"realistic"``: as kept in
        a spreadsheet, with the same content: goals in the order they were created, with
        random unsorted ids (``G0087048``), tasks appended as planned (the goals' tasks
        interleave, ids ``T...``), check-ins by date across all goals. See "Row order and
        ids" in the module docstring.

    Returns
    -------
    CareerData
        Goals (with an extra ``coach`` column), tasks and check-ins, as
        :meth:`CareerData.from_frames` returns them.

    Examples
    --------
    >>> import careerkit
    >>> data = careerkit.demo.generate(3, seed=1)
    >>> len(data.goals.client.unique())
    3
    >>> data.goals.loc[0, ["goal_id", "client"]].tolist()
    ['C00001-G1', 'Zoë Abernathy']
    >>> data.equals(careerkit.demo.generate(3, seed=1))
    True
    >>> kept = careerkit.demo.generate(3, seed=1, order="realistic")
    >>> kept.goals["start_date"].is_monotonic_increasing
    True
    >>> len(kept.goals) == len(data.goals) and len(kept.progress) == len(data.progress)
    True
    """
    clients = int(clients)
    days = int(days)
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(map(repr, ORDERS))}, not {order!r}")
    if clients < 0:
        raise ValueError(f"clients must be 0 or more, not {clients}")
    if days < MIN_DAYS:
        raise ValueError(f"days must be at least {MIN_DAYS}, not {days}")
    rng = np.random.default_rng(seed)
    origin = np.datetime64(pd.Timestamp(start).date(), "D")
    last = days - 1  # the last day, as an offset from origin

    # --- clients -------------------------------------------------------------------------
    n = clients
    has_tasks = rng.random(n) >= 0.2
    goal_count = rng.integers(2, 9, n)
    cadence = rng.choice(np.array([7, 14, 21, 28]), size=n, p=[0.15, 0.45, 0.2, 0.2])
    coach = rng.integers(0, len(COACHES), n)
    title_offset = rng.integers(0, 40, n)
    title_stride = rng.choice(np.array([1, 3, 7, 9, 11, 13, 17, 19]), size=n)
    planted = min(n, len(PLANTED_NAMES))
    has_tasks[:planted] = [True, True, True, True, True, False, True][:planted]
    goal_count[:planted] = np.maximum(goal_count[:planted], 2)
    names = _client_names(n, planted, rng)
    if planted > 2:
        cadence[2] = min(cadence[2], 14)  # the stalled goal checked in regularly before
    if planted > 5:
        cadence[5] = min(cadence[5], 14)  # C00006-G1's schedule lands on the last day

    # --- goals ---------------------------------------------------------------------------
    g_count = int(goal_count.sum())
    first_goal = np.zeros(n, dtype=np.int64)
    np.cumsum(goal_count[:-1], out=first_goal[1:])
    client_of = np.repeat(np.arange(n), goal_count)
    goal_no = np.arange(g_count) - first_goal[client_of]
    all_titles = np.array([t for c in CATEGORIES for t in GOAL_TITLES[c]], dtype=object)
    title_category = np.repeat(np.arange(len(CATEGORIES)), [len(GOAL_TITLES[c])
                                                            for c in CATEGORIES])
    title_order = rng.permutation(len(all_titles))
    title = title_order[(title_offset[client_of] + goal_no * title_stride[client_of])
                        % len(all_titles)]
    category = title_category[title]

    g_start = rng.integers(0, days - 45, g_count)
    duration = rng.integers(61, 271, g_count)
    kind = rng.choice(3, size=g_count, p=[0.15, 0.65, 0.2])
    pace = np.select([kind == _FAST, kind == _PLAN],
                     [rng.uniform(0.55, 0.85, g_count), rng.uniform(0.9, 1.12, g_count)],
                     rng.uniform(1.25, 1.8, g_count))
    fate_draw = rng.random(g_count)
    fate = np.where(fate_draw < 0.05, _DROPPED, np.where(fate_draw < 0.10, _ON_HOLD, _NORMAL))
    stop_share = rng.uniform(0.2, 0.75, g_count)
    revisions = np.where(kind == _SLOW, rng.integers(1, 3, g_count), 0)
    task_count = np.where(has_tasks[client_of], rng.integers(2, 9, g_count), 0)
    percent_step = rng.choice(np.array([5.0, 2.5, 1.0]), size=g_count, p=[0.6, 0.25, 0.15])

    # The archetypes: (client, which goal, start, duration, kind, pace, fate, revisions,
    # tasks, stop day); a negative goal number counts from the client's last goal.
    archetypes = [
        (0, 0, round(0.05 * days), 180, _FAST, 0.6, _NORMAL, 0, 4, None),
        (1, 0, round(0.08 * days), 120, _SLOW, 1.6, _NORMAL, 3, 5, None),
        (2, 0, last - 150, 240, _PLAN, 1.1, _STALLED, 0, 5, last - 38),
        (3, 0, round(0.1 * days), 200, _SLOW, 1.3, _DROPPED, 0, 4, round(0.1 * days) + 70),
        (4, 0, round(0.3 * days), 150, _PLAN, 1.0, _ON_HOLD, 0, 4, round(0.3 * days) + 60),
        (5, 0, last - 14 * 14, 270, _PLAN, 1.0, _NORMAL, 0, 0, None),
        (6, -1, days, 120, _PLAN, 1.0, _NORMAL, 0, 4, None),
    ]
    stop = np.zeros(g_count, dtype=np.int64)
    for client, which, *values, halt in archetypes[:planted]:
        g = first_goal[client] + (which if which >= 0 else goal_count[client] + which)
        for array, value in zip((g_start, duration, kind, pace, fate, revisions, task_count),
                                values, strict=True):
            array[g] = value
        if halt is not None:
            stop[g] = halt
    if planted > 5:
        percent_step[first_goal[5]] = 2.5
    target = g_start + duration
    finish_plan = g_start + duration * pace
    random_stop = g_start + np.floor(stop_share * (np.minimum(finish_plan, last) - g_start))
    stop = np.where((fate == _DROPPED) | (fate == _ON_HOLD), np.where(stop > 0, stop,
                                                                      random_stop), stop)
    stop = stop.astype(np.int64)
    # Work (task completions, check-ins) happens up to this day.
    limit = np.where(fate == _NORMAL, last, stop)

    # --- tasks ---------------------------------------------------------------------------
    t_count = int(task_count.sum())
    first_task = np.zeros(g_count, dtype=np.int64)
    np.cumsum(task_count[:-1], out=first_task[1:])
    task_goal = np.repeat(np.arange(g_count), task_count)
    task_no = np.arange(t_count) - first_task[task_goal]
    of_goal = task_count[task_goal]
    share = (task_no + rng.random(t_count)) / np.maximum(of_goal, 1)
    share = np.where(task_no == of_goal - 1, 1.0, share)
    due = g_start[task_goal] + np.round(duration[task_goal] * share).astype(np.int64)
    weight = rng.choice(np.array([1.0, 2.0, 0.5]), size=t_count, p=[0.75, 0.15, 0.1])
    noise = rng.uniform(0.9, 1.1, t_count)
    finish = g_start[task_goal] + np.ceil(
        (due - g_start[task_goal]) * pace[task_goal] * noise).astype(np.int64)
    task_done = (finish <= limit[task_goal]) & (fate[task_goal] != _DROPPED)
    done_count = np.bincount(task_goal[task_done], minlength=g_count)
    last_finish = np.full(g_count, -1, dtype=np.int64)
    np.maximum.at(last_finish, task_goal, finish)
    pick_title = np.array([t for c in CATEGORIES for t in TASK_TITLES[c]], dtype=object)
    steps = len(TASK_TITLES[CATEGORIES[0]])
    low = task_no * steps // np.maximum(of_goal, 1)
    high = (task_no + 1) * steps // np.maximum(of_goal, 1)
    step = np.minimum(low + np.floor(rng.random(t_count) * np.maximum(high - low, 1)),
                      steps - 1).astype(np.int64)
    task_title = category[task_goal] * steps + step

    # --- goal outcome --------------------------------------------------------------------
    with_tasks = task_count > 0
    delay = rng.integers(0, 6, g_count)
    all_done = with_tasks & (done_count == task_count)
    plain_done = ~with_tasks & (np.ceil(finish_plan) <= last)
    completed = (fate == _NORMAL) & (all_done | plain_done) & (g_start <= last)
    completed_day = np.where(with_tasks, np.minimum(last_finish + delay, last),
                             np.ceil(finish_plan).astype(np.int64))
    completed_day = np.where(completed, completed_day, -1)
    status = np.select([completed, fate == _DROPPED, fate == _ON_HOLD],
                       [1, 2, 3], 0)  # active, completed, dropped, on_hold
    window_end = np.where(completed, completed_day, limit)
    final = completed | (fate != _NORMAL)  # a closing check-in on window_end

    # --- check-ins -----------------------------------------------------------------------
    # Per goal: a kick-off on its start day, then one check-in per cadence interval (give or
    # take two days) and, for a goal that ends, a closing check-in on the day it ends.
    interval = cadence[client_of]
    span = window_end - g_start
    begun = g_start <= last
    scheduled = np.where(final, (span - 3) // interval + 1, span // interval + 1)
    scheduled = np.where(begun, np.maximum(scheduled, 0), 0)
    closes = final & begun
    count = scheduled + closes
    p_count = int(count.sum())
    first_row = np.zeros(g_count, dtype=np.int64)
    np.cumsum(count[:-1], out=first_row[1:])
    p_goal = np.repeat(np.arange(g_count), count)
    k = np.arange(p_count) - np.repeat(first_row, count)
    closing_goal = np.flatnonzero(closes)
    closing_row = first_row[closing_goal] + scheduled[closing_goal]
    closing = np.zeros(p_count, dtype=bool)
    closing[closing_row] = True
    kickoff_row = first_row[scheduled > 0]
    jitter = rng.integers(-2, 3, p_count)
    jitter[kickoff_row] = 0
    if planted > 5:  # C00006-G1 checks in on the last day
        g = first_goal[5]
        jitter[first_row[g]:first_row[g] + count[g]] = 0
    day = np.minimum(np.repeat(g_start, count) + k * np.repeat(interval, count) + jitter, last)
    day[closing_row] = window_end[closing_goal]

    # goal-level revisions of slow goals, spread evenly over their scheduled check-ins
    rank = np.zeros(p_count, dtype=np.int8)
    for j in (1, 2, 3):
        chosen = np.flatnonzero((revisions >= j) & (scheduled >= revisions + 1))
        rank[first_row[chosen] + scheduled[chosen] * j // (revisions[chosen] + 1)] = j
    rev_row = np.flatnonzero(rank)
    rev_goal = p_goal[rev_row]
    rev_rank = rank[rev_row].astype(np.int64)
    gap = np.ceil(finish_plan + 10 - target).astype(np.int64)[rev_goal]
    revised = np.full(p_count, -1, dtype=np.int64)
    revised[rev_row] = np.maximum(target[rev_goal] - (-gap * rev_rank // revisions[rev_goal]),
                                  day[rev_row] + 14 + 7 * rev_rank)
    reason = np.full(p_count, -1, dtype=np.int64)
    reason[rev_row] = rng.choice(len(REASONS), size=len(rev_row), p=[0.25, 0.3, 0.2, 0.15, 0.1])

    # task-level check-ins, about the step planned for that day; late steps get a new date
    row_tasks = np.repeat(with_tasks, count)
    task_row = np.flatnonzero(row_tasks & (k > 0) & ~closing & (rank == 0)
                              & (rng.random(p_count) < 0.12))
    t_goal, t_day = p_goal[task_row], day[task_row]
    big = np.int64(days + 2000)
    position = np.searchsorted(task_goal * big + due, t_goal * big + t_day, side="left")
    picked = first_task[t_goal] + np.clip(position - first_task[t_goal], 0,
                                          task_count[t_goal] - 1)
    still_open = ~task_done[picked] | (finish[picked] > t_day)
    task_row, t_goal, t_day, picked = (a[still_open] for a in (task_row, t_goal, t_day, picked))
    late = (kind[t_goal] == _SLOW) | (rng.random(len(task_row)) < 0.35)
    late_row = task_row[late]
    revised[late_row] = (np.maximum(due[picked[late]], t_day[late])
                         + rng.integers(7, 29, len(late_row)))
    row_task = np.full(p_count, -1, dtype=np.int64)
    row_task[task_row] = picked

    # percent_complete: clients without tasks report it, steadily rising; others now and then
    percent = np.full(p_count, np.nan)
    rows = np.flatnonzero(~row_tasks)
    rows = rows[(rng.random(len(rows)) >= 0.08) | closing[rows]]
    g = p_goal[rows]
    elapsed = (day[rows] - g_start[g]) / np.maximum(finish_plan[g] - g_start[g], 1)
    value = np.clip(np.floor(100 * elapsed / percent_step[g]) * percent_step[g], 0.0, 95.0)
    percent[rows] = np.where(closing[rows] & completed[g], 100.0, value)
    rows = np.flatnonzero(row_tasks)
    draw = rng.random(len(rows))
    rows = rows[((draw < 0.08) | (closing[rows] & completed[p_goal[rows]] & (draw >= 0.5)))
                & (row_task[rows] < 0)]
    if len(rows):
        done_task = np.flatnonzero(task_done)
        done_key = task_goal[done_task] * big + finish[done_task]
        sort = np.argsort(done_key, kind="stable")
        done_key = done_key[sort]
        cumulative = np.concatenate([[0.0], np.cumsum(weight[done_task][sort])])
        goal_key = p_goal[rows] * big
        high = np.searchsorted(done_key, goal_key + day[rows], side="right")
        low = np.searchsorted(done_key, goal_key, side="left")
        total = np.bincount(task_goal, weight, minlength=g_count)[p_goal[rows]]
        percent[rows] = np.round(100 * (cumulative[high] - cumulative[low]) / total)

    # notes, by kind of check-in
    pools = ["regular", "kickoff", "done", "dropped", "on_hold", "task", "task_late", *REASONS]
    note_text = [text for name in pools for text in NOTES[name]]
    note_size = np.array([len(NOTES[name]) for name in pools])
    note_first = np.concatenate([[0], np.cumsum(note_size)[:-1]])
    keep_share = np.array([0.5, 1, 1, 1, 1, 0.9, 1, *[1] * len(REASONS)])
    pool = np.zeros(p_count, dtype=np.int64)
    pool[kickoff_row] = 1
    outcome = np.select([completed, fate == _DROPPED, fate == _ON_HOLD], [2, 3, 4], 0)
    pool[closing_row] = outcome[closing_goal]
    pool[task_row] = 5
    pool[late_row] = 6
    pool[rev_row] = 7 + reason[rev_row]
    note = note_first[pool] + (rng.random(p_count) * note_size[pool]).astype(np.int64)
    note[rng.random(p_count) >= keep_share[pool]] = -1

    # --- row order and ids ----------------------------------------------------------------
    if order == "sorted":
        # chronological, as a coach's log is kept (rows are in goal order already)
        p_rows = np.argsort(day.astype(np.int16 if days < 30000 else np.int64), kind="stable")
        client_ids = _join("C", _padded(np.arange(1, n + 1), max(5, len(str(n)))))
        goal_ids = _join(client_ids.take(pa.array(client_of)), "-G", _padded(goal_no + 1, 1))
        task_ids = _join(goal_ids.take(pa.array(task_goal)), "-T", _padded(task_no + 1, 1))
        g_rows = t_rows = None
    else:
        g_rows, t_rows, p_rows, goal_ids, task_ids = _realistic(
            seed, g_start, task_goal, task_no, due, p_goal, day, last)

    # --- frames --------------------------------------------------------------------------
    status_names = ("active", "completed", "dropped", "on_hold")

    def by_goal(values):  # values per goal, in the goals' row order
        return values if g_rows is None else values[g_rows]

    def by_task(values):
        return values if t_rows is None else values[t_rows]

    goal_of_row = by_goal(np.arange(g_count))
    goals = pd.DataFrame({
        "goal_id": _text(goal_ids.take(pa.array(goal_of_row))),
        "client": _pick(names, client_of[goal_of_row]),
        "title": _pick(all_titles, by_goal(title)),
        "category": _pick(CATEGORIES, by_goal(category)),
        "start_date": _dates(origin, by_goal(g_start)),
        "target_date": _dates(origin, by_goal(target)),
        "completed_date": _dates(origin, by_goal(completed_day)),
        "status": _pick(status_names, by_goal(status)),
        "coach": _pick(COACHES, coach[client_of[goal_of_row]]),
    })
    task_of_row = by_task(np.arange(t_count))
    tasks = pd.DataFrame({
        "task_id": _text(task_ids.take(pa.array(task_of_row))),
        "goal_id": _text(goal_ids.take(pa.array(task_goal[task_of_row]))),
        "title": _pick(pick_title, task_title[task_of_row]),
        "due_date": _dates(origin, due[task_of_row]),
        "weight": weight[task_of_row],
        "completed_date": _dates(origin, np.where(task_done, finish, -1)[task_of_row]),
    })
    row_task = row_task[p_rows]
    progress = pd.DataFrame({
        "date": _dates(origin, day[p_rows]),
        "goal_id": _text(goal_ids.take(pa.array(p_goal[p_rows]))),
        "task_id": _pick(task_ids, row_task),
        "percent_complete": percent[p_rows],
        "revised_target_date": _dates(origin, revised[p_rows]),
        "note": _pick(note_text, note[p_rows]),
        "reason": _pick(REASONS, reason[p_rows]),
    })
    return CareerData.from_frames(goals, tasks, progress)


def write(folder: str | os.PathLike, clients: int, seed: int = 0, *,
          order: str = "sorted") -> CareerData:
    """Generate a caseload and save it as a data folder.

    Parameters
    ----------
    folder : path
        Where to write goals.csv, tasks.csv and progress.csv (created if needed).
    clients, seed, order
        As in :func:`generate`.

    Returns
    -------
    CareerData
        The data written.

    Examples
    --------
    >>> import tempfile, careerkit
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     data = careerkit.demo.write(folder, 2, seed=3)
    ...     careerkit.load(folder).equals(data)
    True
    """
    data = generate(clients, seed, order=order)
    data.save(folder)
    return data


#: Clients generated at once by :func:`write_parquet` (memory: about 0.1 GB per block).
PARQUET_BLOCK = 10_000


def write_parquet(folder: str | os.PathLike, clients: int, seed: int = 0, *,
                  order: str = "sorted", partitions: int | None = None,
                  block: int = PARQUET_BLOCK, progress: bool | None = None) -> str:
    """Generate a caseload straight into a Parquet caseload folder, block by block.

    Memory holds one block of ``block`` clients at a time, so a million clients fit on a
    laptop. Up to ``block`` clients the data is :func:`generate` ``(clients, seed)``
    exactly. A larger caseload is made of blocks: block ``b`` is
    ``generate(size, seed_b)`` with ``seed_b`` derived from (seed, b) (block 0 uses
    ``seed``); from block 1 on, ids start with ``B<b>-`` and client names end with
    `` (b+1)``, so ids and names stay unique. It is as deterministic as :func:`generate`,
    but not equal to ``generate(clients, seed)`` (one random stream over all clients).

    Parameters
    ----------
    folder : path or fsspec URL
    clients, seed, order
        As in :func:`generate`.
    partitions : int, optional
        Default: about 100,000 goals each (estimated from the first block).
    block : int, default 10,000
    progress : bool, optional
        A progress bar (tqdm); by default only in a terminal.

    Returns
    -------
    str
        The folder written.

    Examples
    --------
    >>> import tempfile, careerkit
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = careerkit.demo.write_parquet(folder, 5, seed=2, block=2)
    ...     data = careerkit.load(folder)
    >>> data
    CareerData: 27 goals of 5 clients, 140 tasks, 239 check-ins
    >>> data.goals["client"].iloc[-1]
    'Zoë Abernathy (3)'
    """
    from .analytics.forecast import progress_bar
    from .data.parquet import ParquetWriter, default_partitions

    if block < 1:
        raise ValueError(f"block must be 1 or more, not {block}")
    sizes = [min(block, clients - low) for low in range(0, clients, block)] or [0]
    show = sys.stderr.isatty() if progress is None else bool(progress)
    first = generate(sizes[0], seed, order=order)
    if partitions is None:
        partitions = default_partitions(len(first.goals) * clients // max(sizes[0], 1))
    with ParquetWriter(folder, partitions) as writer, progress_bar(
            show, clients, unit="client", desc="careerkit demo") as bar:
        for b, size in enumerate(sizes):
            data = first if b == 0 else _renamed(generate(
                size, int(np.random.SeedSequence([seed, b]).generate_state(1)[0]),
                order=order), b)
            writer.write(data)
            bar.update(size)
    return writer.root


def _renamed(data: CareerData, b: int) -> CareerData:
    """Block ``b`` of :func:`write_parquet`: ids prefixed ``B<b>-``, names suffixed."""
    prefix = f"B{b}-"
    goals, tasks, progress = (frame.copy() for frame in data.frames())
    goals["goal_id"] = prefix + goals["goal_id"]
    goals["client"] = goals["client"] + f" ({b + 1})"
    tasks["task_id"] = prefix + tasks["task_id"]
    tasks["goal_id"] = prefix + tasks["goal_id"]
    progress["goal_id"] = prefix + progress["goal_id"]
    progress["task_id"] = prefix + progress["task_id"]
    return CareerData(goals, tasks, progress)


# --- helpers -----------------------------------------------------------------------------

def _realistic(seed, g_start, task_goal, task_no, due, p_goal, day, last):
    """Row orders and ids of ``order="realistic"``, from a random stream of their own.

    Returns the goals', tasks' and check-ins' rows (positions in the sorted order) and the
    goal and task ids (per goal and per task of the sorted order, as Arrow arrays).
    """
    rng = np.random.default_rng([int(seed), 0x0D5E])  # not generate's stream: sorted is as before
    g_count, t_count = len(g_start), len(task_goal)
    # goals in the order they were created: by start day, same-day goals in a random order
    g_rows = np.lexsort((rng.random(g_count), g_start))
    created = np.empty(g_count, dtype=np.int64)
    created[g_rows] = np.arange(g_count)
    # tasks as planned: the first on the goal's start day, each next one when the previous
    # one falls due (no later than the last day); one day's plans in goal creation order
    planned = g_start[task_goal].copy()
    follow = np.flatnonzero(task_no > 0)
    planned[follow] = np.maximum(planned[follow], np.minimum(due[follow - 1], last))
    t_rows = np.lexsort((task_no, created[task_goal], planned))
    # check-ins by date; one day's check-ins by goal, in a random order of the goals (a
    # goal's own check-ins keep their order)
    p_rows = np.lexsort((np.arange(len(p_goal)), rng.random(g_count)[p_goal], day))
    return (g_rows, t_rows, p_rows, _random_ids(rng, "G", g_count),
            _random_ids(rng, "T", t_count))


def _random_ids(rng: np.random.Generator, prefix: str, count: int) -> pa.Array:
    """``count`` distinct ids such as G0087048: random digits, 7 or as many as needed for
    a space at least ten times ``count``."""
    width = max(7, len(str(10 * count)))
    numbers = np.empty(0, dtype=np.int64)
    while len(numbers) < count:  # draw, drop repeats (keeping the first), draw the rest
        more = rng.integers(0, 10**width, count - len(numbers) + count // 16 + 16)
        numbers = np.concatenate([numbers, more])
        _, first = np.unique(numbers, return_index=True)
        numbers = numbers[np.sort(first)]
    return _join(prefix, _padded(numbers[:count], width))

def _client_names(n: int, planted: int, rng: np.random.Generator) -> np.ndarray:
    """Distinct full names: the archetypes' first, then first + last name combinations,
    then with a middle initial, then numbered."""
    firsts, lasts = np.array(FIRST_NAMES, dtype=object), np.array(LAST_NAMES, dtype=object)
    combos = len(firsts) * len(lasts)
    slot = np.arange(max(n - planted, 0))
    combo = rng.permutation(combos)[slot % combos]
    tier = slot // combos
    initial = np.array(["", *(f" {chr(c)}." for c in range(ord("A"), ord("Z") + 1))],
                       dtype=object)
    suffix = np.where(tier >= len(initial), (tier // len(initial) + 1).astype(str), "")
    names = (firsts[combo // len(lasts)] + initial[tier % len(initial)] + " "
             + lasts[combo % len(lasts)])
    names = np.where(suffix == "", names, names + " " + suffix.astype(object))
    return np.concatenate([np.array(PLANTED_NAMES[:planted], dtype=object), names])


def _padded(numbers: np.ndarray, width: int) -> pa.Array:
    text = pa.array(np.asarray(numbers, dtype=np.int64)).cast(pa.string())
    return pc.utf8_lpad(text, width, padding="0") if width > 1 else text


def _join(*parts) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _text(values: pa.Array | pa.ChunkedArray) -> pd.Series:
    return pd.Series(values, dtype=_STR)


def _pick(pool, index: np.ndarray) -> pd.Series:
    """pool[index] as text, missing where index is negative (pool: strings or a pa.Array)."""
    index = np.asarray(index)
    if not isinstance(pool, pa.Array):
        pool = pa.array(list(pool), pa.string())
    codes = pa.array(np.maximum(index, 0).astype(np.int32 if len(pool) < 2**31 else np.int64),
                     mask=index < 0)
    return _text(pa.DictionaryArray.from_arrays(codes, pool).cast(pa.string()))


def _dates(origin: np.datetime64, offsets: np.ndarray) -> pd.Series:
    """origin + offset days as datetime64[us]; NaT where the offset is negative."""
    offsets = np.asarray(offsets, dtype=np.int64)
    values = origin.astype("datetime64[us]").astype(np.int64) + offsets * 86_400_000_000
    values[offsets < 0] = np.iinfo(np.int64).min
    return pd.Series(values.view("datetime64[us]"))

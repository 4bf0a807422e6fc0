"""A tiny hand-built folder for the session brief's tests (the fixture is in conftest.py).

As of 2025-03-10. Ana Lima (extra columns coach "Dee", phone "555-0100"; phone is private
in careerkit.toml):

- G1, a hostile title, no tasks, start 01-01, target 03-01: 20 % on 02-01 ("Kick-off"),
  40 % on 03-01 with a revision 03-01 -> 03-08 (+7, reason "illness"), a hostile note on
  03-08, 50 % on 03-10 ("Today"). On 03-10 it is 2 days past 03-08: overdue by 2 days.
- G2 "Run a 10k" (start 01-01, target 06-30), tasks: "Buy shoes" (due 02-01, done 03-05),
  "Train 5k" (due 03-15: in 5 days), "Race day" (due 06-30: not within 14 days), "Sign up"
  (due 03-01, open: 9 days overdue).

Bo Secret (another client) has one goal and a check-in: neither page may name them.
The previous check-in day before 03-10 is 03-08: the default since.
"""

from __future__ import annotations

from pathlib import Path

from helpers import write_folder

HOSTILE_TITLE = "Land a <b>job</b> & <script>alert(1)</script>"
HOSTILE_NOTE = "<img src=x onerror=alert(2)>"
AS_OF = "2025-03-10"


def write_brief_folder(folder: Path) -> Path:
    folder = write_folder(
        folder,
        goals="goal_id,client,title,category,start_date,target_date,completed_date,status,"
              "coach,phone\n"
              f'G1,Ana Lima,"{HOSTILE_TITLE}",work,2025-01-01,2025-03-01,,active,Dee,555-0100\n'
              "G2,Ana Lima,Run a 10k,health,2025-01-01,2025-06-30,,active,Dee,555-0100\n"
              "G3,Bo Secret,Bo's hidden goal,work,2025-01-01,2025-06-30,,active,Eve,555-0199\n",
        tasks="task_id,goal_id,title,due_date,weight,completed_date\n"
              "T1,G2,Buy shoes,2025-02-01,,2025-03-05\n"
              "T2,G2,Train 5k,2025-03-15,,\n"
              "T3,G2,Race day,2025-06-30,,\n"
              "T4,G2,Sign up,2025-03-01,,\n",
        progress="date,goal_id,task_id,percent_complete,revised_target_date,note,reason\n"
                 "2025-02-01,G1,,20,,Kick-off,\n"
                 "2025-02-20,G3,,10,,Bo's private matter,\n"
                 "2025-03-01,G1,,40,2025-03-08,Pushed,illness\n"
                 f"2025-03-08,G2,,,,{HOSTILE_NOTE},\n"
                 "2025-03-10,G1,,50,,Today,\n",
    )
    (folder / "careerkit.toml").write_text('private_columns = ["phone"]\n', encoding="utf-8")
    return folder

"""The brief's context: what each section holds, from the analytics (tiny hand-built data,
see conftest.py)."""

from __future__ import annotations

import pytest
from brief_caseload import AS_OF, HOSTILE_NOTE, HOSTILE_TITLE
from helpers import checkin, goal, make_data

import careerkit
from careerkit.briefing.compute import brief_context, private_columns


@pytest.fixture
def data(brief_folder):
    return careerkit.load(brief_folder)


def test_default_since_is_the_previous_checkin_day(data):
    context = brief_context(data, "Ana Lima", as_of=AS_OF)
    assert (context["since"], context["as_of"]) == ("2025-03-08", AS_OF)
    assert not context["since_given"]
    since = context["since_section"]
    assert since["checkins"] == "1 check-in" and since["checkin_goals"] == [HOSTILE_TITLE]
    assert [m["old"] + " -> " + m["new"] for m in since["moved"]] == ["at_risk -> overdue"]
    assert context["contact"] == {"last": AS_OF, "days": "0 days", "none": False,
                                  "today": True, "engagement": "engaged"}


def test_sections_with_an_earlier_since(data):
    context = brief_context(data, "ana  lima", as_of=AS_OF, since="2025-03-01")
    since = context["since_section"]
    assert since["tasks_done"] == [{"date": "2025-03-05", "task": "Buy shoes",
                                    "goal": "Run a 10k"}]
    assert since["checkins"] == "2 check-ins" and since["checkin_days"] == "2 days"
    assert since["revised"] == []  # the revision of 03-01 is on since: the last session's
    attention = careerkit.needs_attention(data.select(clients="Ana Lima"), AS_OF)
    assert [a["goal"] for a in context["attention"]] == [HOSTILE_TITLE, "Run a 10k"]
    assert [a["state"] for a in context["attention"]] == ["overdue", "at_risk"]
    assert [a["why"] for a in context["attention"]] == attention["reason"].tolist()
    assert context["attention"][0]["target"] == "2025-03-08"
    upcoming = context["upcoming"]
    assert [(t["task"], t["when"]) for t in upcoming["overdue"]] == [("Sign up",
                                                                     "9 days overdue")]
    assert [(t["task"], t["due"], t["when"]) for t in upcoming["soon"]] == [
        ("Train 5k", "2025-03-15", "in 5 days")]


def test_timeline_newest_first_with_revision_and_reason(data):
    timeline = brief_context(data, "Ana Lima", as_of=AS_OF)["timeline"]
    assert [n["note"] for n in timeline["rows"]] == ["Today", HOSTILE_NOTE, "Pushed",
                                                     "Kick-off"]
    pushed = timeline["rows"][2]
    assert pushed["revised"] == {"old": "2025-03-01", "new": "2025-03-08", "shift": "+7 d"}
    assert (pushed["reason"], pushed["percent"]) == ("illness", "40%")
    assert timeline["bare"] == ""


def test_extra_columns_and_privacy(data):
    coach = brief_context(data, "Ana Lima", as_of=AS_OF)
    assert coach["extra_names"] == ["coach", "phone"]
    assert coach["private_names"] == ["phone"]
    values = {x["name"]: x["value"] for x in coach["goals"][0]["extras"]}
    assert values == {"coach": "Dee", "phone": "555-0100"}
    client = brief_context(data, "Ana Lima", as_of=AS_OF, for_client=True)
    assert client["extra_names"] == ["coach"]
    assert all([x["name"] for x in g["extras"]] == ["coach"] for g in client["goals"])
    assert "attention" not in client and "staleness" in client


def test_private_note_and_reason_columns_are_left_out_for_the_client(brief_folder):
    (brief_folder / "careerkit.toml").write_text('private_columns = ["Phone", "note", '
                                                 '"reason"]\n', encoding="utf-8")
    data = careerkit.load(brief_folder)
    assert private_columns(data) == {"phone", "note", "reason"}
    client = brief_context(data, "Ana Lima", as_of=AS_OF, for_client=True)
    assert all(n["note"] == "" and n["reason"] == "" for n in client["timeline"]["rows"])
    coach = brief_context(data, "Ana Lima", as_of=AS_OF)
    assert coach["timeline"]["rows"][0]["note"] == "Today"


def test_unknown_client_names_close_names(data):
    with pytest.raises(ValueError, match="unknown client 'Ana Lim'; close names: Ana Lima"):
        brief_context(data, "Ana Lim", as_of=AS_OF)
    with pytest.raises(ValueError, match=r"since \(2025-03-10\) must be before as_of"):
        brief_context(data, "Ana Lima", as_of=AS_OF, since=AS_OF)
    with pytest.raises(ValueError, match="no goal started by 2024-12-01"):
        brief_context(data, "Ana Lima", as_of="2024-12-01")


def test_data_in_memory_has_no_private_columns():
    data = make_data([goal("G1", "Ana")], [], [checkin("2025-02-01", "G1", percent=10)])
    context = brief_context(data, "Ana", as_of="2025-02-01")
    assert context["since"] == "2024-12-31"  # no check-in before: the day before the start
    assert private_columns(data) == set()

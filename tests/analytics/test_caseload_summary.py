"""client_summary (careerkit.analytics.caseload): per-client tallies computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import checkin, goal, make_data

import careerkit
from careerkit.analytics.caseload import COUNTED_STATES, ClientTally, client_summary

T = "2025-03-31"


@pytest.fixture(scope="module")
def status():
    data = make_data(
        [
            goal("G1", "Ana", start="2025-01-01", target="2025-03-01"),
            goal("G2", "Ana", start="2025-01-01", target="2025-03-01", completed="2025-02-10",
                 status="completed"),
            goal("G3", "Ana", start="2025-01-01", target="2025-12-31", status="dropped"),
            goal("G4", "Bo", start="2025-01-01", target="2025-12-31"),
            goal("G5", "Bo", start="2025-01-01", target="2025-12-31"),
            goal("G6", "Cy", start="2025-03-25", target="2025-12-31"),
        ],
        progress=[
            checkin("2025-03-20", "G1", percent=50),
            checkin("2025-03-30", "G3", percent=10),  # dropped: not counted
            checkin("2025-03-25", "G4", percent=40),
            checkin("2025-04-02", "G1", percent=60),  # after T: does not exist yet
        ],
    )
    status = careerkit.goal_status(data, as_of=T)
    assert status["state"].to_dict() == {
        "G1": "overdue", "G2": "completed", "G3": "dropped", "G4": "on_track",
        "G5": "stalled", "G6": "not_started"}
    return status


def expected(rows, clients):
    counts = pd.DataFrame(0, index=pd.Index(clients, dtype="str", name="client"),
                          columns=COUNTED_STATES)
    for client, state in rows["states"]:
        counts.loc[client, state] += 1
    frame = counts.assign(goals=rows["goals"], completion_rate=rows["rate"],
                          attention=rows["attention"])
    frame["last_checkin"] = pd.Series(pd.to_datetime(rows["last"]), index=frame.index).astype(
        "datetime64[us]")
    frame["days_since_checkin"] = pd.array(rows["since"], dtype="Int64")
    return frame


def test_counts_rates_and_checkins_per_client(status):
    want = expected({
        "states": [("Ana", "completed"), ("Ana", "overdue"), ("Bo", "on_track"),
                   ("Bo", "stalled"), ("Cy", "not_started")],
        "goals": [2, 2, 1], "rate": [0.5, 0.0, 0.0], "attention": [1, 1, 0],
        "last": ["2025-03-20", "2025-03-25", None], "since": [11, 6, None],
    }, ["Ana", "Bo", "Cy"])
    pd.testing.assert_frame_equal(client_summary(status, T), want)


def test_chosen_clients_each_get_a_row_most_attention_first(status):
    got = client_summary(status, T, ["Cy", "Zed", "Bo"])
    assert got.index.tolist() == ["Bo", "Cy", "Zed"]  # Bo needs attention; then as given
    assert got.loc["Zed"].drop(["completion_rate", "last_checkin", "days_since_checkin"]).eq(
        0).all()
    assert pd.isna(got.loc["Zed", "completion_rate"])
    assert client_summary(status.iloc[:0], T).empty
    # the three columns the Dashboard keeps are enough
    narrow = client_summary(status[["client", "state", "last_checkin"]], T)
    pd.testing.assert_frame_equal(narrow, client_summary(status, T))


def test_a_tally_summarises_any_subset_of_its_frame(status):
    tally = ClientTally(status, T)
    keep = status.index.isin(["G2", "G3", "G5"])  # Ana completed (and dropped), Bo stalled
    want = expected({
        "states": [("Ana", "completed"), ("Bo", "stalled")],
        "goals": [1, 1], "rate": [1.0, 0.0], "attention": [0, 1],
        "last": [None, None], "since": [None, None],
    }, ["Ana", "Bo"]).iloc[[1, 0]]  # Bo needs attention
    pd.testing.assert_frame_equal(tally.summary(keep), want)
    pd.testing.assert_frame_equal(tally.summary(), client_summary(status, T))
    got = tally.summary(keep, ["Cy", "Zed"])  # chosen: a row each, nothing counted
    assert got.index.tolist() == ["Cy", "Zed"] and got["goals"].tolist() == [0, 0]
    assert tally.summary(~status.index.isin(status.index)).empty

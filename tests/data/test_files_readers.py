"""Arrow's fast reader and the standard library's reader give the same table for the same bytes.

``read_table`` reads a clean file with Arrow and any other file with the ``csv`` module;
``arrow=False`` forces the second (a documented-internal switch). Each test reads one file
both ways, checks that the fast path really was taken, and compares everything a
``RawTable`` holds.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerkit.data.files import RawTable, read_table

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_FILES = sorted((ROOT / "sample_data").glob("*.csv"))


def both_ways(path: Path) -> tuple[RawTable, RawTable]:
    return read_table(path), read_table(path, arrow=False)


def assert_same_table(fast: RawTable, careful: RawTable) -> None:
    assert (fast.reader, careful.reader) == ("arrow", "csv")
    pd.testing.assert_frame_equal(fast.frame, careful.frame)
    np.testing.assert_array_equal(fast.lines, careful.lines)
    assert fast.lines.dtype == careful.lines.dtype
    assert fast.format == careful.format
    assert fast.ragged == careful.ragged == []


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_data_reads_the_same_both_ways(path):
    fast, careful = both_ways(path)
    assert_same_table(fast, careful)
    assert len(fast.frame) > 10 and fast.format.encoding == "utf-8"


# A semicolon export from a Windows Excel: cp1252, CRLF, decimal commas, curly quotes, a
# quoted cell with a line break (CRLF inside the quotes), a doubled quote, empty cells and
# cells with spaces around them.
CP1252_SEMICOLON = (
    "date;goal_id;task_id;percent_complete;revised_target_date;note;reason\r\n"
    "10.02.2025;G1;;45,5;;\"Zoë’s “first” try;\r\nsecond line\";\r\n"
    "11.02.2025; G1 ;T1;;01.04.2025;\"He said \"\"fine\"\"\"; capacity \r\n"
    "12.02.2025;G2;;60 %;;;\r\n"
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("cp1252 semicolon, quoted line break, CRLF", CP1252_SEMICOLON.encode("cp1252")),
        ("UTF-8 with BOM, CRLF", "\ufeffgoal_id,client\r\nG1,Zoë\r\nG2, Łukasz \r\n".encode()),
        ("UTF-8 with BOM, LF, no final line end", "\ufeffgoal_id,client\nG1,Zoë".encode()),
        ("UTF-16 with BOM, tabs", "goal_id\tclient\r\nG1\tZoë\r\n".encode("utf-16")),
        ("LF inside quotes, commas", b'a,b\n"x\ny, z",w\n"",""\n'),
        ("lone CR inside quotes", b'a,b\n"x\ry",z\n'),
        ("CR line ends (old Mac)", b'a,b\rx,"y\nz"\rw,v\r'),
        ("no-break spaces around cells", "a,b\n\u00a0x\u00a0,\u2003y\n".encode()),
        ("all-empty row and trailing blank lines", b"a,b\n,\nx,y\n\n\n"),
        ("quote inside an unquoted cell", b'a,b\nx"y,z\n'),
    ],
)
def test_exports_read_the_same_both_ways(tmp_path, name, data):
    path = tmp_path / "file.csv"
    path.write_bytes(data)
    assert_same_table(*both_ways(path))


def test_the_cp1252_export_reads_as_its_author_sees_it(tmp_path):
    path = tmp_path / "progress.csv"
    path.write_bytes(CP1252_SEMICOLON.encode("cp1252"))
    for table in both_ways(path):
        assert (table.format.encoding, table.format.delimiter) == ("cp1252", ";")
        assert table.frame.iloc[:, 5].tolist()[:2] == [
            "Zoë’s “first” try;\r\nsecond line", 'He said "fine"']
        assert table.frame.iloc[:, 1].tolist() == ["G1", "G1", "G2"]  # trimmed
        assert table.frame.iloc[:, 6].tolist()[1] == "capacity"
        assert table.frame.iloc[2].isna().tolist() == [False, False, True, False, True, True,
                                                       True]
        assert table.lines.tolist() == [2, 3, 4]  # a spreadsheet's rows, not text lines


@pytest.mark.parametrize(
    "data",
    [
        b"a,b\nx,y\n\nz,w\n",  # a blank line: Arrow would skip it and miscount lines
        b"a,b\nx,y,surprise\n",  # a ragged row: the careful reader reports it
        b"a,b\nx\n",  # a short row: padded with empty cells
        b"a,b\r\nx,y\r\n\r\nz,w\r\n",  # a blank line between CRLF line ends
        b"a\nx\n\ry\n",  # a bare CR after a line end: a blank line to the csv module
        b"a\rx\r\ry\r",  # CR line ends with a blank line
        b"a,b,c\n",  # the header only: nothing for Arrow to read
    ],
)
def test_files_arrow_cannot_read_exactly_take_the_careful_reader(tmp_path, data):
    path = tmp_path / "file.csv"
    path.write_bytes(data)
    fast, careful = both_ways(path)
    assert fast.reader == careful.reader == "csv"
    pd.testing.assert_frame_equal(fast.frame, careful.frame)


# --- property: any table a spreadsheet could write ------------------------------------

CELL = st.text(alphabet=st.sampled_from(list("ab7 ,;\t\"'\n\r-%éø中\u00a0")), max_size=8)


@st.composite
def exports(draw):
    """Bytes of a CSV file as a spreadsheet writes it, with a random dialect."""
    ncols = draw(st.integers(1, 4))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    header = [f"h{i}" for i in range(ncols)]
    rows = draw(st.lists(st.lists(CELL, min_size=ncols, max_size=ncols), max_size=6))
    buffer = io.StringIO()
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting,
                        lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])))
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
    return buffer.getvalue().encode(encoding)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(exports())
def test_any_export_reads_the_same_both_ways(tmp_path, data):
    path = tmp_path / "file.csv"
    path.write_bytes(data)
    fast, careful = both_ways(path)
    assert careful.reader == "csv"
    pd.testing.assert_frame_equal(fast.frame, careful.frame)
    np.testing.assert_array_equal(fast.lines, careful.lines)
    assert fast.format == careful.format and fast.ragged == careful.ragged

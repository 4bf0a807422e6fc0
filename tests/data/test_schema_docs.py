"""docs/data-format.md says what the data contract (careerkit.data.schema) says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careerkit.data.schema import FILES, Rule

DOC = (Path(__file__).resolve().parents[2] / "docs" / "data-format.md").read_text(
    encoding="utf-8")


def table_rows(section: str) -> list[list[str]]:
    """Cells of the markdown table rows of a ``## section`` or ``### section`` whose first
    cell is a `code` name."""
    body = re.split(rf"^#+ {re.escape(section)}\n", DOC, flags=re.M)[1]
    body = re.split(r"^#+ ", body, flags=re.M)[0]
    return [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in body.splitlines() if re.match(r"^\| `\w+` \|", line)]


@pytest.mark.parametrize("spec", FILES, ids=lambda spec: spec.filename)
def test_column_tables_match_the_schema(spec):
    rows = table_rows(spec.filename)
    documented = [(name.strip("`"), kind, required, meaning)
                  for name, kind, required, meaning, *_ in rows]
    assert documented == [
        (column.name, column.kind, "yes" if column.required else "no", column.description)
        for column in spec.columns]


def test_rule_table_lists_every_rule_once():
    codes = [row[0].strip("`") for row in table_rows("Rule codes")]
    assert codes == [rule.value for rule in Rule]

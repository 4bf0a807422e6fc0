"""Reading a report page in tests: its tables, its chart blocks, the page without plotly.js."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from careerkit.report.render import plotly_js


class _Tables(HTMLParser):
    """Rows (lists of cell texts) of every <table data-list=...>, body rows only."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self._table = None
        self._row = None
        self._cell = None
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-list" in attrs:
            self._table = self.tables.setdefault(attrs["data-list"], [])
        elif tag == "tbody" and self._table is not None:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split(" ")).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def without_plotly(html: str) -> str:
    """The page less the embedded plotly.js (whose source names URLs of its own)."""
    js = plotly_js()
    assert html.count(js) == 1
    return html.replace(js, "")


def figure_blocks(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/json" class="figure-data" '
                        r'data-target="([^"]+)">(.*?)</script>', html, flags=re.S)
    return [{"target": target, "text": text} for target, text in blocks]

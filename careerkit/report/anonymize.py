"""Client names as the report shows them: as they are, or as pseudonyms (documented internal).

:class:`Names` gives "Client A", "Client B", ... to the caseload's names in sorted order, so
the same name gets the same pseudonym in every report of the same folder, and scrubs the
names out of free text (titles, notes, reasons) where the report shows it.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..data import CareerData
from ..data.spellings import match_client
from ..formatting import plain_text

_WORD = re.compile(r"\w+")
_REPEATS = re.compile(r"(Client [A-Z]+|\[name\])(?:[\s'’.-]{1,3}\1(?!\w))+")


def pseudonym(number: int) -> str:
    """The pseudonym of the client at place ``number`` (from 0) in sorted order.

    Client A, ..., Client Z, Client AA, Client AB, ... (bijective base 26; documented
    internal).

    Examples
    --------
    >>> from careerkit.report.anonymize import pseudonym
    >>> [pseudonym(i) for i in (0, 25, 26)]
    ['Client A', 'Client Z', 'Client AA']
    """
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Client {letters}"


def replace_name(text: str, name: str, alias: str) -> str:
    """Every occurrence of the whole ``name`` in ``text``, in any case, replaced by ``alias``."""
    if not name or name.casefold() not in text.casefold():
        return text
    return re.sub(re.escape(name), lambda _: alias, text, flags=re.IGNORECASE)


class Names:
    """Client names as the report shows them: as they are, or as pseudonyms (documented
    internal).

    Pseudonyms go to the caseload's names in sorted (code-point) order. Free text (titles,
    notes, reasons) is scrubbed only where it is shown: the whole name of the text's own
    client in any case, then every word of any client's name, as written in the data or
    capitalized (a word shared by several clients becomes the owner's pseudonym when the
    owner has it, else "[name]"). Words of one letter and short lower-case particles
    ("de", "van") are kept.

    Examples
    --------
    >>> from careerkit.report.anonymize import Names
    >>> names = Names(["Ana Lima", "Cy Ng"], anonymize=True)
    >>> names.shown("Cy Ng")
    'Client B'
    >>> names.text("Kick-off with Ana, then ana lima called", "Client A")
    'Kick-off with Client A, then Client A called'
    """

    def __init__(self, names: list[str], anonymize: bool):
        self.names = sorted(names)
        self.anonymize = anonymize
        self.aliases = ({name: pseudonym(i) for i, name in enumerate(self.names)}
                        if anonymize else {})
        self.real = {alias: name for name, alias in self.aliases.items()}
        self.words: dict[str, set[str]] = {}
        for name, alias in self.aliases.items():
            for word in _WORD.findall(name):
                if len(word) < 2 or (word.islower() and len(word) <= 3):
                    continue
                for form in {word, word[:1].upper() + word[1:]}:
                    self.words.setdefault(form, set()).add(alias)

    def resolve(self, clients) -> list[str] | None:
        """The real names of the chosen clients, in the order given (None: every client).

        With pseudonyms on, a pseudonym picks its client too."""
        if clients is None:
            return None
        wanted = [clients] if isinstance(clients, str) else list(clients)
        if not wanted:
            return None
        known = set(self.names)
        chosen: list[str] = []
        for name in wanted:
            real = name if name in known else self.real.get(name)
            if real is None and self.names and not self.anonymize:
                real = match_client(self.names, name)  # ignoring case and accents
            if real is None:
                if not self.names:
                    raise ValueError(f"unknown client {name!r}: the data has no clients")
                listed = sorted(self.real) if self.anonymize else self.names
                more = f" and {len(listed) - 10:,} more" if len(listed) > 10 else ""
                kind = "pseudonyms" if self.anonymize else "clients"
                raise ValueError(f"unknown client {name!r}; the {kind} are: "
                                 f"{', '.join(listed[:10])}{more}")
            if real not in chosen:
                chosen.append(real)
        return chosen

    def shown(self, name: str) -> str:
        """A client's name as the report shows it."""
        return self.aliases.get(name, name) if self.anonymize else name

    def renamed(self, data: CareerData) -> CareerData:
        """The data with pseudonyms in the client column (free text untouched)."""
        if not self.anonymize:
            return data
        goals = data.goals.copy()
        goals["client"] = goals["client"].map(self.aliases).astype(data.goals["client"].dtype)
        return CareerData(goals, data.tasks, data.progress)

    def text(self, value, client: str | None = None) -> str:
        """A cell of free text as shown, for the client shown as ``client``."""
        value = plain_text(value)
        if not self.anonymize or not value:
            return value
        real = self.real.get(client) if client is not None else None
        if real:
            value = replace_name(value, real, client)

        def swap(match):
            users = self.words.get(match.group())
            if not users:
                return match.group()
            if client in users:
                return client
            return next(iter(users)) if len(users) == 1 else "[name]"

        return _REPEATS.sub(r"\1", _WORD.sub(swap, value))

    def scrub_all(self, value: str) -> str:
        """A text about no client in particular (folder name, command) with every name
        replaced."""
        if not self.anonymize:
            return value
        for name, alias in self.aliases.items():
            value = replace_name(value, name, alias)
        return self.text(value)

    def scrubbed(self, data: CareerData) -> CareerData:
        """Renamed data (a client's own, small) with titles, notes and reasons scrubbed."""
        if not self.anonymize:
            return data
        client = pd.Series(data.goals["client"].to_numpy(dtype=object),
                           index=data.goals["goal_id"].to_numpy(dtype=object))
        goals = data.goals.copy()
        goals["title"] = self._column(goals["title"], goals["client"].to_numpy(dtype=object))
        tasks = data.tasks.copy()
        tasks["title"] = self._column(tasks["title"],
                                      tasks["goal_id"].map(client).to_numpy(dtype=object))
        progress = data.progress.copy()
        owner = progress["goal_id"].map(client).to_numpy(dtype=object)
        for column in ("note", "reason"):
            progress[column] = self._column(progress[column], owner)
        return CareerData(goals, tasks, progress)

    def _column(self, values: pd.Series, owners: np.ndarray) -> pd.Series:
        out = [self.text(v, o) if isinstance(v, str) else v
               for v, o in zip(values.to_numpy(dtype=object), owners, strict=True)]
        return pd.Series(out, index=values.index, name=values.name,
                         dtype=object).astype(values.dtype)

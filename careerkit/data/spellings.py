"""Values as people type them: status words, header spellings, client names.

Documented internal to the data layer (views call :func:`match_client`). Everything works
on distinct values, never row by row: a caseload of a million check-ins has a handful of
distinct statuses and a few thousand distinct client names.
"""

from __future__ import annotations

import difflib
import unicodedata

import numpy as np
import pandas as pd

from .schema import HEADER_SPELLINGS, STATUSES

#: Status words people type, as :func:`status_key` makes them, and the status each means.
STATUS_SYNONYMS = {
    "done": "completed",
    "complete": "completed",
    "finished": "completed",
    "paused": "on_hold",
    "hold": "on_hold",
    "onhold": "on_hold",
    "cancelled": "dropped",
    "canceled": "dropped",
    "abandoned": "dropped",
    "in_progress": "active",
    "ongoing": "active",
    "open": "active",
}


def status_key(values: pd.Series) -> pd.Series:
    """Status text compared ignoring case, surrounding spaces and the spaces, hyphens or
    underscores between words: ``"On hold"``, ``"on-hold"`` and ``"ON_HOLD"`` are
    ``"on_hold"``."""
    return values.str.strip().str.lower().str.replace(r"[\s_\-]+", "_", regex=True)


def normalize_statuses(status: pd.Series, extra: dict[str, str] | None = None) -> pd.Series:
    """The statuses of ``STATUSES`` that typed status words mean; other words are kept
    (trimmed, lower case) so that the rules report them.

    ``extra`` maps more words (a folder's ``[status]`` settings) to statuses; it wins over
    the built-in synonyms. Works on the distinct values only.

    Examples
    --------
    >>> import pandas as pd
    >>> normalize_statuses(pd.Series(["On hold", "done", "Cancelled", "weird"])).tolist()
    ['on_hold', 'completed', 'dropped', 'weird']
    >>> normalize_statuses(pd.Series(["Parked"]), {"parked": "on_hold"}).tolist()
    ['on_hold']
    """
    known = {key: key for key in STATUSES} | STATUS_SYNONYMS
    for word, meaning in (extra or {}).items():
        known[status_key(pd.Series([word], dtype="str")).iloc[0]] = meaning
    codes, uniques = pd.factorize(status, use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype="str")
    keys = status_key(distinct)
    meant = keys.map(known).fillna(distinct.str.strip().str.lower())
    values = np.append(meant.to_numpy(dtype=object), np.nan)[codes]
    return pd.Series(values, index=status.index, dtype="str")


# --- headers -------------------------------------------------------------------------------

def header_spellings(file: str, normalize) -> dict[str, str]:
    """The file's built-in header spellings, keyed as ``normalize`` makes headers."""
    return {normalize(typed): name for name, spellings in HEADER_SPELLINGS.get(file, {}).items()
            for typed in spellings}


def close_column(header: str, missing: list[str], file: str, normalize) -> str | None:
    """The missing careerkit column that an unknown header looks like a typo of, or None.

    Compares the header (as ``normalize`` makes it) with the missing columns' names and
    their built-in spellings (:mod:`difflib`, ratio 0.8 or more).
    """
    if not missing:
        return None
    candidates = {name: name for name in missing}
    candidates |= {key: name for key, name in header_spellings(file, normalize).items()
                   if name in missing}
    found = difflib.get_close_matches(normalize(header), list(candidates), n=1, cutoff=0.8)
    return candidates[found[0]] if found else None


# --- client names --------------------------------------------------------------------------

def name_key(names: pd.Series) -> pd.Series:
    """Names compared ignoring case, accents and spacing (NFKD, accents removed, casefold,
    runs of spaces as one)."""
    def one(name: str) -> str:
        if name.isascii():  # no accents to take off: the same key, several times faster
            return " ".join(name.casefold().split())
        decomposed = unicodedata.normalize("NFKD", name)
        bare = "".join(c for c in decomposed if not unicodedata.combining(c))
        return " ".join(bare.casefold().split())
    return names.map(one)


def similar_clients(clients: pd.Series, lines: np.ndarray) -> list[str]:
    """One sentence per group of client spellings that are the same name ignoring case,
    accents and spacing, naming each spelling and its first line.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> similar_clients(pd.Series(["José García", "Ana", "Jose  Garcia"]), np.array([2, 3, 4]))
    ['"José García" (line 2) and "Jose  Garcia" (line 4) look like one client']
    """
    codes, uniques = pd.factorize(clients, use_na_sentinel=True)
    if not len(uniques):
        return []
    distinct = pd.Series(uniques, dtype=object)
    keys = name_key(distinct)
    shared = keys.duplicated(keep=False)
    if not shared.any():
        return []
    valid = codes >= 0
    first = pd.Series(lines[valid]).groupby(codes[valid]).first()
    groups = pd.DataFrame({"key": keys[shared], "name": distinct[shared],
                           "line": first.reindex(distinct[shared].index).to_numpy()})
    sentences = []
    for _, group in groups.sort_values("line").groupby("key", sort=False):
        spelled = [f'"{name}" (line {int(line)})' for name, line in
                   zip(group["name"], group["line"], strict=True)]
        sentences.append(", ".join(spelled[:-1]) + f" and {spelled[-1]} look like one client")
    return sentences


def match_client(names, wanted: str) -> str:
    """The client name in ``names`` that ``wanted`` means (documented internal; views call it).

    An exact match wins; otherwise the one name equal to ``wanted`` ignoring case, accents
    and spacing. Raises ValueError when none matches, or when several do (naming them).

    Examples
    --------
    >>> match_client(["Zoë Abernathy", "Ana"], "zoe abernathy")
    'Zoë Abernathy'
    """
    distinct = pd.Series(pd.unique(pd.Series(names, dtype=object).dropna()), dtype=object)
    if (distinct == wanted).any():
        return wanted
    found = distinct[(name_key(distinct) == name_key(pd.Series([wanted])).iloc[0]).to_numpy()]
    if len(found) == 1:
        return found.iloc[0]
    if len(found) > 1:
        raise ValueError(f"client {wanted!r} could be "
                         + " or ".join(repr(n) for n in sorted(found))
                         + ": give the name exactly as written")
    names = sorted(distinct)
    more = f" and {len(names) - 10:,} more" if len(names) > 10 else ""
    close = close_clients(distinct, wanted)
    near = f"; close names: {', '.join(close)}" if close else ""
    raise ValueError(f"unknown client {wanted!r}{near}; the clients are: "
                     f"{', '.join(names[:10])}{more}")


def close_clients(names: pd.Series, wanted: str, n: int = 5) -> list[str]:
    """Up to ``n`` names that look like ``wanted`` (ignoring case, accents and spacing):
    those holding it as a whole word first (a first name), then the most similar ones.

    Examples
    --------
    >>> close_clients(pd.Series(["Zoë Abernathy", "Malik Tran", "Zoe Smith"]), "zoe")
    ['Zoe Smith', 'Zoë Abernathy']
    >>> close_clients(pd.Series(["Zoë Abernathy", "Malik Tran"]), "Malik Trann")
    ['Malik Tran']
    >>> close_clients(pd.Series(["Zoë Abernathy", "Ngozi Pereira"]), "ngozy")
    ['Ngozi Pereira']
    """
    names = pd.Series(sorted(pd.unique(names.dropna())), dtype=object)
    keys = name_key(names).tolist()
    key = name_key(pd.Series([wanted])).iloc[0]
    named = {}  # each word of a name -> the names holding it
    for name, k in zip(names, keys, strict=True):
        for word in k.split():
            named.setdefault(word, []).append(name)
    words = list(named.get(key, []))
    similar = difflib.get_close_matches(key, keys, n=n, cutoff=0.6)
    found = words + [names.iloc[keys.index(k)] for k in similar]
    for word in difflib.get_close_matches(key, list(named), n=n, cutoff=0.75):
        found += named[word]  # a first or last name typed with a typo
    return list(dict.fromkeys(found))[:n]


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 is A, 26 is AA)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters

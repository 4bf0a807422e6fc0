"""Text columns taken in scattered order: dictionary codes for text of few distinct values.

A table not kept in id order (goals in the order they were created, ids unsorted) is read in
id order by every result that lists its rows by id. A take of text in random order reads two
places in memory a row (its offset, then its characters), most of them not in the cache. A
column of few distinct values (a title from a template, a category, a status) is taken as
dictionary codes instead: small whole numbers, then the text written from its few values,
which stay in the cache. Loading keeps the codes of such columns of such tables
(:meth:`~careerkit.data.CareerData.text_codes`); the analytics layer takes them
(``careerkit.analytics.kernel.rows_of``). Documented internal.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

#: The first rows of a text column looked at to tell whether it has few distinct values.
SAMPLE_ROWS = 4096
#: Below this many rows a take is quick whatever the order: no codes.
MANY_ROWS = 1 << 16


def scattered(rows: np.ndarray) -> bool:
    """Whether ``rows`` jump back more often than one step in eight (ids sorted in a file
    kept in their order, give or take a few, jump back far less often).

    Examples
    --------
    >>> import numpy as np
    >>> scattered(np.array([3, 0, 2, 1])), scattered(np.arange(4))
    (True, False)
    """
    return bool(np.count_nonzero(rows[1:] < rows[:-1]) > len(rows) // 8)


def few_values(text: pa.Array | pa.ChunkedArray) -> bool:
    """Whether the first :data:`SAMPLE_ROWS` values of ``text`` hold at most one distinct
    value in sixteen.

    Examples
    --------
    >>> import pyarrow as pa
    >>> few_values(pa.array(["Update CV", "Call Ana"] * 100)), few_values(pa.array(["a", "b"]))
    (True, False)
    """
    return len(text.slice(0, SAMPLE_ROWS).unique()) <= min(len(text), SAMPLE_ROWS) // 16


def dictionary_codes(text: pa.Array | pa.ChunkedArray) -> pa.DictionaryArray | None:
    """``text`` as dictionary codes (one array), or None when it is short or has many
    distinct values (:func:`few_values`).

    Examples
    --------
    >>> import pyarrow as pa
    >>> codes = dictionary_codes(pa.array(["Ship it", None, "Call Ana"] * 30_000))
    >>> codes.dictionary.to_pylist(), codes.indices[:3].to_pylist()
    (['Ship it', 'Call Ana'], [0, None, 1])
    """
    if len(text) < MANY_ROWS or not few_values(text):
        return None
    array = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    return array.dictionary_encode()


def codes_at(codes: pa.DictionaryArray, rows: np.ndarray) -> pa.Array:
    """The text at ``rows`` (positions, none missing) written from its ``codes``.

    Examples
    --------
    >>> import numpy as np, pyarrow as pa
    >>> codes = pa.array(["b", "a", "b"]).dictionary_encode()
    >>> codes_at(codes, np.array([2, 1])).to_pylist()
    ['b', 'a']
    """
    return codes.dictionary.take(codes.indices.take(pa.array(rows)))

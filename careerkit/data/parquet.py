"""A caseload as Parquet datasets partitioned by client: writing, and reading into memory.

Layout of a Parquet caseload folder::

    caseload/
      careerkit-parquet.json            partitions, columns and dtypes of each table
      goals/partition=0/part-0.parquet
      goals/partition=1/part-0.parquet
      tasks/partition=0/part-0.parquet
      progress/partition=0/part-0.parquet
      ...

Every goal goes to partition ``client_partitions(client) % partitions``: a stable hash of
the client's name (pandas' SipHash of the UTF-8 text with a fixed key, the same on every
machine and in every process, unlike Python's ``hash()``). A task and a check-in go to
their goal's partition, so every row of a client is in one partition number in all three
tables. Each file holds its rows in file order with a :data:`ROW` column (the row's
number in the whole table), so "same day: the last line" rules still hold and the whole
table reads back in its order. Dates are stored as Parquet dates, ids and text as strings,
numbers as numbers; ``careerkit-parquet.json`` keeps the pandas dtypes, so reading gives
the very frames that were written. A partition may hold several files (``part-0``,
``part-1``, ...), read in their number order: :class:`ParquetWriter` writes one per block
and, when closed, joins them into one (:func:`compact`), so that reading a partition opens
one file per table, not one per block (a million clients are 100 blocks).

``careerkit.load(folder)`` reads such a folder into memory (:func:`read`);
``careerkit.dask.load(folder)`` reads it as Dask DataFrames, one partition per number.
"""

from __future__ import annotations

import json
import math
import os
import posixpath
import shutil

import numpy as np
import pandas as pd
import pyarrow as pa

from .schema import FILES

#: The file naming a folder as a Parquet caseload.
META_FILE = "careerkit-parquet.json"
#: The column holding each row's number in its whole table (file order).
ROW = "careerkit_row"
#: ``partitions=None`` gives about this many goals per partition.
GOALS_PER_PARTITION = 100_000
#: The key of the client hash: changing it moves every client to another partition.
HASH_KEY = "careerkit-parq01"
TABLES = tuple(spec.name for spec in FILES)


def client_partitions(clients: pd.Series, partitions: int) -> np.ndarray:
    """The partition number (0 to ``partitions`` - 1) of each client name.

    Stable across processes and machines: SipHash-2-4 of the UTF-8 text with the fixed key
    :data:`HASH_KEY` (:func:`pandas.util.hash_array`), modulo ``partitions``.

    Examples
    --------
    >>> import pandas as pd
    >>> from careerkit.data.parquet import client_partitions
    >>> client_partitions(pd.Series(["Ada", "Bo", "Ada"]), 7).tolist()
    [3, 6, 3]
    """
    values = pd.Series(clients, dtype=object).fillna("").to_numpy(dtype=object)
    hashes = pd.util.hash_array(values, hash_key=HASH_KEY, categorize=True)
    return (hashes % np.uint64(max(int(partitions), 1))).astype(np.int64)


def is_dataset(path: str | os.PathLike) -> bool:
    """True when ``path`` is a local Parquet caseload folder (it holds :data:`META_FILE`)."""
    return os.path.isfile(os.path.join(os.fspath(path), META_FILE))


def default_partitions(goals: int) -> int:
    """Partitions of about :data:`GOALS_PER_PARTITION` goals each (at least 1)."""
    return max(1, math.ceil(goals / GOALS_PER_PARTITION))


def to_parquet(data, path: str | os.PathLike, *, partitions: int | None = None) -> str:
    """Write ``data`` (a CareerData) as a Parquet caseload folder; see the module docstring.

    Parameters
    ----------
    data : CareerData
    path : path or fsspec URL
        The folder to write (created; a caseload written there before is replaced).
    partitions : int, optional
        How many partitions; default about 100,000 goals each.

    Returns
    -------
    str
        The folder written.

    Examples
    --------
    >>> import tempfile, careerkit
    >>> data = careerkit.demo.generate(5, seed=1)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = data.to_parquet(folder, partitions=3)
    ...     careerkit.load(folder).equals(data)
    True
    """
    if partitions is None:
        partitions = default_partitions(len(data.goals))
    with ParquetWriter(path, partitions) as writer:
        writer.write(data)
    return writer.root


class ParquetWriter:
    """Write a caseload in blocks (each a CareerData of whole clients) into one Parquet
    caseload folder, so that memory holds one block at a time.

    Rows are numbered on across blocks (file order: block by block). Use it as a context
    manager: leaving it writes ``careerkit-parquet.json`` and an empty file for every
    partition that got no rows, so each table has every partition number.

    Parameters
    ----------
    path : path or fsspec URL
    partitions : int

    Examples
    --------
    >>> import tempfile, careerkit
    >>> from careerkit.data.parquet import ParquetWriter
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with ParquetWriter(folder, 2) as writer:
    ...         writer.write(careerkit.demo.generate(2, seed=1))
    ...     careerkit.load(folder)
    CareerData: 5 goals of 2 clients, 20 tasks, 58 check-ins
    """

    def __init__(self, path: str | os.PathLike, partitions: int):
        self.fs, self.root = _filesystem(path)
        self.partitions = int(partitions)
        if self.partitions < 1:
            raise ValueError(f"partitions must be 1 or more, not {partitions}")
        self.blocks = 0
        self.rows = dict.fromkeys(TABLES, 0)
        self.schemas: dict[str, pa.Schema] = {}
        self.dtypes: dict[str, dict[str, str]] = {}
        self.written: set[tuple[str, int]] = set()
        _makedirs(self.fs, self.root)
        for name in TABLES:  # a caseload written here before goes (not other files)
            _remove_tree(self.fs, posixpath.join(self.root, name))

    def __enter__(self) -> ParquetWriter:
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.close()

    def write(self, data) -> None:
        """Append the goals, tasks and check-ins of ``data`` (whole clients only)."""
        goal_part = client_partitions(data.goals["client"], self.partitions)
        goal_at = np.append(goal_part, 0)  # row -1: no goal
        parts = {"goals": goal_part, "tasks": goal_at[data.task_goal_rows()],
                 "progress": goal_at[data.checkin_goal_rows()]}
        for name, frame in zip(TABLES, data.frames(), strict=True):
            if name not in self.dtypes:
                self.dtypes[name] = {str(c): str(t) for c, t in frame.dtypes.items()}
                self.schemas[name] = _arrow_schema(frame)
            table = _arrow_table(frame, self.schemas[name], self.rows[name])
            order = np.argsort(parts[name], kind="stable")
            bounds = np.searchsorted(parts[name][order], np.arange(self.partitions + 1))
            for k in range(self.partitions):
                rows = order[bounds[k]:bounds[k + 1]]
                if len(rows):
                    self._write(name, k, table.take(pa.array(rows)))
            self.rows[name] += len(frame)
        self.blocks += 1

    def close(self) -> None:
        """Fill partitions left empty and write ``careerkit-parquet.json``."""
        if not self.schemas:  # nothing written: the tables of an empty caseload
            from .validation import empty_frame
            for spec in FILES:
                self.dtypes[spec.name] = {str(c): str(t)
                                          for c, t in empty_frame(spec).dtypes.items()}
                self.schemas[spec.name] = _arrow_schema(empty_frame(spec))
        for name in TABLES:
            for k in range(self.partitions):
                if (name, k) not in self.written:
                    self._write(name, k, self.schemas[name].empty_table(), block=0)
                elif self.blocks > 1:
                    _compact_partition(self.fs, self.root, name, k)
        meta = {"format": 1, "partitions": self.partitions, "hash": f"siphash:{HASH_KEY}",
                "tables": {name: {"rows": self.rows[name], "dtypes": self.dtypes[name]}
                           for name in TABLES}}
        with _open(self.fs, posixpath.join(self.root, META_FILE), "w") as file:
            json.dump(meta, file, indent=1)

    def _write(self, name: str, k: int, table: pa.Table, block: int | None = None) -> None:
        folder = posixpath.join(self.root, name, f"partition={k}")
        _makedirs(self.fs, folder)
        path = posixpath.join(folder, f"part-{self.blocks if block is None else block}.parquet")
        import pyarrow.parquet as pq  # on first use: ``import careerkit`` stays light

        pq.write_table(table, path, filesystem=self.fs)
        self.written.add((name, k))


def compact(path: str | os.PathLike) -> str:
    """Join each partition's files into one, in their order (for a folder written in
    blocks before :class:`ParquetWriter` did so itself); the rows do not change.

    Examples
    --------
    >>> import tempfile, careerkit
    >>> from careerkit.data import parquet
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = careerkit.demo.write_parquet(folder, 4, seed=1, block=2, partitions=2)
    ...     _ = parquet.compact(folder)
    ...     len(parquet.partition_files(folder, "goals", 0))
    1
    """
    fs, root = _filesystem(path)
    partitions = read_meta(path)["partitions"]
    for name in TABLES:
        for k in range(partitions):
            _compact_partition(fs, root, name, k)
    return root


def _compact_partition(fs, root: str, name: str, k: int) -> None:
    """Partition ``k`` of table ``name`` as one file ``part-0.parquet``: the files read in
    order, written whole under another name, the old files removed, then renamed."""
    import pyarrow.parquet as pq

    files = _partition_files(fs, root, name, k)
    if len(files) < 2:
        return
    table = pa.concat_tables([_read_file(pq, fs, file, None) for file in files])
    folder = posixpath.dirname(files[0])
    joined = posixpath.join(folder, "joined.parquet.tmp")
    pq.write_table(table, joined, filesystem=fs)
    for file in files:
        if fs is None:
            os.remove(file)
        else:
            fs.rm(file)
    target = posixpath.join(folder, "part-0.parquet")
    if fs is None:
        os.replace(joined, target)
    else:
        fs.mv(joined, target)


def read_meta(path: str | os.PathLike) -> dict:
    """The contents of ``careerkit-parquet.json`` of a Parquet caseload folder."""
    fs, root = _filesystem(path)
    with _open(fs, posixpath.join(root, META_FILE), "r") as file:
        return json.load(file)


def partition_files(path: str | os.PathLike, table: str, k: int) -> list[str]:
    """The files of partition ``k`` of ``table``, in block order."""
    return _partition_files(*_filesystem(path), table, k)


def _partition_files(fs, root: str, table: str, k: int) -> list[str]:
    folder = posixpath.join(root, table, f"partition={k}")
    names = [n for n in _names(fs, folder) if n.startswith("part-") and n.endswith(".parquet")]
    return [posixpath.join(folder, n) for n in sorted(names, key=lambda n: int(n[5:-8]))]


def read_partition(path: str | os.PathLike, table: str, k: int, dtypes: dict,
                   columns: list[str] | None = None) -> pd.DataFrame:
    """Partition ``k`` of ``table`` as a pandas frame in file order, with the :data:`ROW`
    column last and the dtypes written (documented internal: for :mod:`careerkit.dask`).
    ``columns``: only these (and :data:`ROW`)."""
    import pyarrow.parquet as pq  # on first use: ``import careerkit`` stays light

    fs, _ = _filesystem(path)
    if columns is not None:
        dtypes = {column: dtypes[column] for column in columns}
        columns = [*columns, ROW]
    parts = [_read_file(pq, fs, file, columns) for file in partition_files(path, table, k)]
    frame = (pa.concat_tables(parts).to_pandas(date_as_object=False) if parts
             else pd.DataFrame())
    return _typed(frame, dtypes)


def read(path: str | os.PathLike):
    """Read a whole Parquet caseload folder into a CareerData, rows in file order.

    Examples
    --------
    >>> import tempfile, careerkit
    >>> data = careerkit.load("sample_data")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = data.to_parquet(folder)
    ...     careerkit.load(folder).equals(data)
    True
    """
    from .career_data import CareerData

    meta = read_meta(path)
    frames = []
    for name in TABLES:
        dtypes = meta["tables"][name]["dtypes"]
        parts = [read_partition(path, name, k, dtypes) for k in range(meta["partitions"])]
        frame = pd.concat(parts, ignore_index=True) if parts else _typed(pd.DataFrame(), dtypes)
        frame = frame.iloc[np.argsort(frame[ROW].to_numpy(), kind="stable")]
        frames.append(frame.drop(columns=ROW).reset_index(drop=True))
    return CareerData(*frames)


# --- helpers -----------------------------------------------------------------------------

def _filesystem(path):
    """(fsspec filesystem or None for local files, root) of a path or an fsspec URL."""
    text = os.fspath(path)
    if "://" in text:
        import fsspec  # an optional dependency: only URLs need it

        return fsspec.core.url_to_fs(text)
    return None, os.path.abspath(text)


def _read_file(pq, fs, path: str, columns: list[str] | None) -> pa.Table:
    """One Parquet file (``pq.ParquetFile``: half the work of ``pq.read_table``'s dataset
    machinery on the small files of a partition)."""
    if fs is None:
        return pq.ParquetFile(path).read(columns=columns)
    with fs.open(path, "rb") as file:
        return pq.ParquetFile(file).read(columns=columns)


def _makedirs(fs, path: str) -> None:
    if fs is None:
        os.makedirs(path, exist_ok=True)
    else:
        fs.makedirs(path, exist_ok=True)


def _remove_tree(fs, path: str) -> None:
    if fs is None:
        shutil.rmtree(path, ignore_errors=True)
    elif fs.exists(path):
        fs.rm(path, recursive=True)


def _open(fs, path: str, mode: str):
    return open(path, mode, encoding="utf-8") if fs is None else fs.open(path, mode)


def _names(fs, folder: str) -> list[str]:
    if fs is None:
        return os.listdir(folder)
    return [posixpath.basename(p.rstrip("/")) for p in fs.ls(folder, detail=False)]


def _arrow_type(dtype) -> pa.DataType:
    if pd.api.types.is_datetime64_dtype(dtype):
        return pa.date32()
    if pd.api.types.is_bool_dtype(dtype):
        return pa.bool_()
    if pd.api.types.is_integer_dtype(dtype):
        return pa.int64()
    if pd.api.types.is_float_dtype(dtype):
        return pa.float64()
    return pa.string()


def _arrow_schema(frame: pd.DataFrame) -> pa.Schema:
    fields = [pa.field(str(c), _arrow_type(t)) for c, t in frame.dtypes.items()]
    return pa.schema([*fields, pa.field(ROW, pa.int64())])


def _arrow_table(frame: pd.DataFrame, schema: pa.Schema, first_row: int) -> pa.Table:
    columns = []
    for field, (_, column) in zip(schema, frame.items(), strict=False):
        if pa.types.is_date32(field.type):
            values = pa.array(column.to_numpy(dtype="datetime64[D]"), type=pa.date32(),
                              from_pandas=True)
        elif pa.types.is_string(field.type):
            values = pa.array(column.astype(object).where(column.notna(), None).to_numpy(),
                              type=pa.string(), from_pandas=True)
        else:
            values = pa.array(column, type=field.type, from_pandas=True)
        columns.append(values)
    columns.append(pa.array(np.arange(first_row, first_row + len(frame), dtype=np.int64)))
    return pa.Table.from_arrays(columns, schema=schema)


def _typed(frame: pd.DataFrame, dtypes: dict) -> pd.DataFrame:
    columns = {}
    for column, dtype in dtypes.items():
        values = frame[column] if column in frame else pd.Series([], dtype=object)
        if dtype.startswith("datetime64") and not pd.api.types.is_datetime64_dtype(values):
            values = pd.to_datetime(values)
        columns[column] = values.astype(dtype) if str(values.dtype) != dtype else values
    columns[ROW] = frame[ROW].astype(np.int64) if ROW in frame else pd.Series([], dtype=np.int64)
    return pd.DataFrame(columns)

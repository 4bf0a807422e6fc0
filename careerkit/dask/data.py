"""A Parquet caseload folder as Dask DataFrames, one partition per partition number."""

from __future__ import annotations

import os

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask import delayed

from ..data import CareerData, parquet
from ..data.parquet import ROW, TABLES

#: Dask keeps careerkit's text columns as pandas' ``str`` (no conversion of its own).
NO_STRING_CONVERSION = {"dataframe.convert-string": False}


class DaskCareerData:
    """The goals, tasks and check-ins of a Parquet caseload folder as Dask DataFrames.

    Partition ``k`` of each table holds the rows of the clients hashed to ``k`` (see
    :mod:`careerkit.data.parquet`), in file order, with their row number in the column
    ``careerkit_row``; the index is the partition number, so the divisions are known and
    the three tables line up partition by partition. Every public analytic accepts it
    (``careerkit.goal_status(data)`` gives a Dask DataFrame; aggregates give pandas).

    Build it with :func:`careerkit.dask.load`.

    Attributes
    ----------
    goals, tasks, progress : dask.dataframe.DataFrame
    path : str
    npartitions : int
    """

    #: Read by :func:`careerkit.analytics.dispatch.partitioned`.
    careerkit_partitioned = True

    def __init__(self, goals: dd.DataFrame, tasks: dd.DataFrame, progress: dd.DataFrame, *,
                 path: str):
        self.goals = goals
        self.tasks = tasks
        self.progress = progress
        self.path = path
        self.meta = parquet.read_meta(path)
        self.npartitions = goals.npartitions
        self.divisions: dict = {}  # (table, column) -> boundaries of its values, remembered
        #: The latest dates over all partitions (a one-row CareerData), remembered.
        self.latest: CareerData | None = None
        #: The partitions held in (the workers') memory by :meth:`persist`, else None.
        self.held: list | None = None

    def frames(self) -> tuple[dd.DataFrame, dd.DataFrame, dd.DataFrame]:
        """``(goals, tasks, progress)``."""
        return self.goals, self.tasks, self.progress

    @property
    def persisted(self) -> bool:
        """True when the partitions are held in (the workers') memory (:meth:`persist`)."""
        return self.held is not None

    def partitions(self) -> list:
        """One Dask ``delayed`` per partition: ``(CareerData, goal row numbers)`` of it.

        Read from the files, a partition's three tables are read by one task, which builds
        its CareerData there: its frames never travel between workers. Persisted, the very
        CareerData held in memory, which remembers its id joins from one analytic to the
        next (as in memory)."""
        if self.held is not None:
            return self.held
        dtypes = {name: self.meta["tables"][name]["dtypes"] for name in TABLES}
        return [delayed(read_partition_data, pure=True)(self.path, k, dtypes)
                for k in range(self.npartitions)]

    def _built(self) -> list:
        """One ``delayed`` per partition: its CareerData built from the tables' partitions."""
        with dask.config.set(NO_STRING_CONVERSION):
            pieces = [table.to_delayed() for table in self.frames()]
        return [delayed(partition_data, pure=True)(*parts) for parts in zip(*pieces,
                                                                             strict=True)]

    def columns(self, table: str, names: list[str]) -> list:
        """One Dask ``delayed`` per partition: only these columns of ``table``, read from
        the files (Parquet reads only them)."""
        dtypes = self.meta["tables"][table]["dtypes"]
        return [delayed(parquet.read_partition, pure=True)(self.path, table, k, dtypes, names)
                for k in range(self.npartitions)]

    def empty(self) -> CareerData:
        """A CareerData with no rows and the tables' columns and dtypes (for result types)."""
        return partition_data(*(table._meta for table in self.frames()))[0]

    def persist(self) -> DaskCareerData:
        """The same caseload with its tables and each partition's CareerData held in (the
        workers') memory, so that each analytic neither reads the files again nor joins
        the ids again."""
        with dask.config.set(NO_STRING_CONVERSION):
            tables = dask.persist(*self.frames())
        persisted = DaskCareerData(*tables, path=self.path)
        persisted.divisions, persisted.latest = self.divisions, self.latest
        persisted.held = list(dask.persist(*persisted._built()))
        return persisted

    def partition(self, k: int) -> CareerData:
        """Partition ``k`` in memory, as a CareerData."""
        return self.partitions()[k].compute()[0]

    def compute(self) -> CareerData:
        """The whole caseload in memory, rows in file order (as ``careerkit.load``)."""
        return parquet.read(self.path)

    def __repr__(self) -> str:
        return f"DaskCareerData: {self.npartitions} partitions from {self.path}"


def partition_data(goals: pd.DataFrame, tasks: pd.DataFrame,
                   progress: pd.DataFrame) -> tuple[CareerData, pd.Series]:
    """A partition's frames as a CareerData (file order, row labels 0, 1, ...) and the
    row numbers of its goals in the whole goals table."""
    rows = goals[ROW].reset_index(drop=True)
    frames = [frame.drop(columns=ROW).reset_index(drop=True)
              for frame in (goals, tasks, progress)]
    return CareerData(*frames), rows


def read_partition_data(path: str, k: int, dtypes: dict) -> tuple[CareerData, pd.Series]:
    """Partition ``k`` read from the files, as :func:`partition_data` gives it (``dtypes``:
    table name -> the dtypes of ``careerkit-parquet.json``)."""
    return partition_data(*(parquet.read_partition(path, name, k, dtypes[name])
                            for name in TABLES))


def load(path: str | os.PathLike) -> DaskCareerData:
    """A Parquet caseload folder (``CareerData.to_parquet``, ``careerkit demo --format
    parquet``) as Dask DataFrames, partitioned by client.

    Parameters
    ----------
    path : path or fsspec URL
        Such as ``"caseload"``, ``"s3://bucket/caseload"`` (with the fsspec package of that
        store installed).

    Returns
    -------
    DaskCareerData

    Examples
    --------
    >>> import tempfile, careerkit, careerkit.dask
    >>> data = careerkit.load("sample_data")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = data.to_parquet(folder, partitions=3)
    ...     ddata = careerkit.dask.load(folder)
    ...     status = careerkit.goal_status(ddata).compute()
    >>> ddata.goals.npartitions, ddata.goals.known_divisions
    (3, True)
    >>> status.equals(careerkit.goal_status(data))
    True
    """
    path = os.fspath(path)
    meta = parquet.read_meta(path)
    count = meta["partitions"]
    divisions = (*range(count), count - 1)
    tables = []
    with dask.config.set(NO_STRING_CONVERSION):
        for name in TABLES:
            dtypes = meta["tables"][name]["dtypes"]
            empty = _indexed(parquet.read_partition(path, name, 0, dtypes).iloc[:0], 0)
            tables.append(dd.from_map(_read, range(count), path=path, table=name,
                                      dtypes=dtypes, meta=empty, divisions=divisions,
                                      label=f"careerkit-{name}", enforce_metadata=False))
    return DaskCareerData(*tables, path=path)


def _read(k: int, *, path: str, table: str, dtypes: dict) -> pd.DataFrame:
    return _indexed(parquet.read_partition(path, table, k, dtypes), k)


def _indexed(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    frame.index = pd.Index(np.full(len(frame), k, dtype=np.int64), name="partition")
    return frame

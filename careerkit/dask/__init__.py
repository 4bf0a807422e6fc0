"""careerkit on Dask: the same analytics, with the same results, on a partitioned caseload.

Install with ``pip install careerkit[dask]``. Write a caseload as Parquet partitioned by
client (``data.to_parquet(folder)`` or ``careerkit demo --format parquet``), then::

    import careerkit, careerkit.dask
    data = careerkit.dask.load("caseload")            # or "s3://bucket/caseload"
    status = careerkit.goal_status(data)              # a Dask DataFrame
    status.compute()                                  # = the in-memory result
    careerkit.completion_rates(data, by="category")   # aggregates: pandas

Runs on Dask's default scheduler or on a ``dask.distributed`` cluster (create a
``Client`` first). See docs/scale.md. ``import careerkit`` alone never imports Dask.
"""

from .analytics import run
from .data import DaskCareerData, load

__all__ = ["DaskCareerData", "load", "run"]

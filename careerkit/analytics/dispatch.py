"""One place where the analytics meet partitioned data (documented internal).

Every public analytic is exported through :func:`partitioned`: given a ``CareerData`` it
is the function itself; given a partitioned caseload (``careerkit.dask.load``) it hands
the call to :func:`careerkit.dask.run`, which runs the same function partition by
partition. This module never imports Dask: a partitioned caseload says what it is with
the attribute ``careerkit_partitioned``, so ``import careerkit`` stays free of Dask.
"""

from __future__ import annotations

import functools
import importlib


def partitioned(function):
    """``function`` (an analytic taking data first), also accepting partitioned data.

    Examples
    --------
    >>> import careerkit
    >>> from careerkit.analytics.dispatch import partitioned
    >>> from careerkit.analytics.status import goal_status
    >>> either = partitioned(goal_status)
    >>> either(careerkit.load("sample_data")).equals(goal_status(careerkit.load("sample_data")))
    True
    """
    @functools.wraps(function)
    def either(data, *args, **kwargs):
        if getattr(data, "careerkit_partitioned", False):
            return importlib.import_module("careerkit.dask").run(function, data, *args,
                                                                 **kwargs)
        return function(data, *args, **kwargs)

    return either

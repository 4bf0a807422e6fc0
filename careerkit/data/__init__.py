"""The data layer: reading files, validating them into a :class:`CareerData`, saving.

Modules: :mod:`~careerkit.data.schema` (the contract: files, columns, states),
:mod:`~careerkit.data.files` (reading and atomic writing of files),
:mod:`~careerkit.data.validation` (typing and rules), :mod:`~careerkit.data.text_codes`
(text as dictionary codes, to read a table in id order), :mod:`~careerkit.data.exceptions`
(errors and warnings) and :mod:`~careerkit.data.career_data` (``CareerData`` and ``load``).
Nothing here computes a metric: that is :mod:`careerkit.analytics`.
"""

from .career_data import CareerData, load
from .exceptions import CareerDataError, CareerDataWarning, ChangedOnDiskError

__all__ = ["CareerData", "CareerDataError", "CareerDataWarning", "ChangedOnDiskError", "load"]

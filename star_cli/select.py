"""Deprecated: the estimators moved to `star_cli.metrics` (pass@k, majority@k, Best-of-k).
This name keeps working for one release."""

import warnings

from star_cli.metrics import *  # noqa: F403
from star_cli.metrics import __all__  # noqa: F401

warnings.warn("star_cli.select is deprecated; import from star_cli.metrics", DeprecationWarning,
              stacklevel=2)

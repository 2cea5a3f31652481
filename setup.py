"""star's build: pure Python, or with STAR_COMPILE=1 the answer checker's hot modules compiled
to C by mypyc (as black and mypy ship theirs), the rest as Python. Everything else about the
package is in pyproject.toml.

    pip install .                       # pure Python
    STAR_COMPILE=1 pip install .        # extract, hedges and checker compiled (minutes to build)

A compiled module runs the code it was built from: after an edit, build again (star warns
when a module's source is newer than its build: star_cli/answers/compiled.py).
"""

import os
import sys

from setuptools import setup

# The modules every check runs through (star_cli/answers/compiled.py lists the same names).
COMPILED = ["extract", "hedges", "checker"]

ext_modules = []
# (pip asks for the metadata before it builds: mypyc, minutes of work, only for the build)
if os.environ.get("STAR_COMPILE") == "1" and not {"egg_info", "dist_info"} & set(sys.argv):
    from mypyc.build import mypycify

    # (the modules they import are read for their types, not held to them: not compiled)
    ext_modules = mypycify(["--ignore-missing-imports", "--follow-imports=silent",
                            *(f"star_cli/answers/{name}.py" for name in COMPILED)], opt_level="3",
                           group_name="star_cli_compiled")

setup(ext_modules=ext_modules)

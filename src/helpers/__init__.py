"""Shared code of the L1 vs L2 regularization course: data, penalties, solvers, geometry, plots, widgets, CLI.

Every chapter imports from here, e.g. ``from helpers.solvers import lasso, ridge``.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    # the one version number is pyproject.toml's [project] version, read from the installed package
    __version__ = version("l1-vs-l2-course-helpers")
except PackageNotFoundError:  # imported from a source tree that was never pip-installed
    __version__ = "0+unknown"

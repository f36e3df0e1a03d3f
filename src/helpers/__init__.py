"""Shared code of the L1 vs L2 regularization course: data, penalties, solvers, geometry, plots, widgets, CLI.

Every chapter imports from here, e.g. ``from helpers.solvers import lasso, ridge``.
"""

__version__ = "0.1.0"

"""The course's own tools (not part of the helpers package learners install): run them from the
repository root as modules, ``python -m tools.execute_notebooks`` (the Makefile's targets do).
Shared infrastructure (root, chapters, notebook client) is in :mod:`tools.course`."""

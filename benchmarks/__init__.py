"""Speed budgets of the course: ``python -m benchmarks.run`` from the repository root (``make bench``)."""

"""The roll-up report's sections, in document order (see `rollup/report.py`). Each takes the
`RollupContext` and appends to its body."""

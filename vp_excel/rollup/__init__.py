"""The whole kommun in one report: `sammanstall` rolls up every verksamhet's workbook, and
`export` writes one tidy table of every goal and period.

Modules: `records` (one workbook as plain, picklable data), `matching` (names across
workbooks), `collect` (the workbooks that take part), `frames` (pandas tables and counts),
`api` (the two library calls), `run` (the command line's parallel reading and printing).
Nothing here imports pandas until a roll-up or an export runs.
"""

"""`python -m vp_excel`: the command line, as the `vp-excel` console script."""

from .cli import main

main()

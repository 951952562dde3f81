"""`python -m vp_excel`: the command line, as the `vp-excel` console script."""

from .cli.main import main

main()

"""Write docs/cli.md, the command-line reference, from the commands' own `--help`.

    python docs/make_cli_reference.py          # rewrite docs/cli.md
    python docs/make_cli_reference.py --check  # exit 1 if docs/cli.md is out of date

tests/test_docs.py checks that the committed file matches the current `--help`.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET = HERE / "cli.md"
WIDTH = 100  # the help's width, fixed so that the file does not depend on the terminal

if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))


def help_text(args: list[str]) -> str:
    """What `vp-excel ARGS --help` prints."""
    from click.testing import CliRunner

    from vp_excel.cli.main import cli

    result = CliRunner().invoke(cli, [*args, "--help"], prog_name="vp-excel",
                                terminal_width=WIDTH)
    if result.exit_code != 0:
        raise RuntimeError(f"vp-excel {' '.join(args)} --help: {result.output}")
    return result.output.rstrip() + "\n"


def reference() -> str:
    from vp_excel.cli.main import cli

    parts = ["# vp-excel: kommandon\n",
             "Genererad ur `--help` av `python docs/make_cli_reference.py`; ändra hjälptexterna i "
             "`vp_excel/cli/`, inte här.\n",
             "## vp-excel\n", "```\n" + help_text([]) + "```\n"]
    for name in cli.list_commands(None):  # type: ignore[arg-type]
        parts += [f"## vp-excel {name}\n", "```\n" + help_text([name]) + "```\n"]
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    text = reference()
    if "--check" in argv:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} är inaktuell: kör python docs/make_cli_reference.py")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(TARGET)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""What the package says about itself: the licence setup.cfg names is the LICENSE file beside
it, type checkers may trust the annotations (py.typed, shipped in the wheel), and the
classifiers name the Python versions python_requires allows."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _metadata() -> configparser.SectionProxy:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    return config["metadata"]


def test_the_licence_file_is_the_licence_setup_cfg_names():
    metadata = _metadata()
    assert metadata["license"] == "MIT"
    assert metadata["license_files"] == "LICENSE"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text
    assert "License :: OSI Approved :: MIT License" in metadata["classifiers"]


def test_py_typed_is_in_the_package_and_its_data():
    import vp_excel

    assert (Path(vp_excel.__file__).parent / "py.typed").is_file()
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    assert config["options.package_data"]["vp_excel"].split() == ["py.typed"]
    assert "Typing :: Typed" in _metadata()["classifiers"]


def test_the_classifiers_name_the_python_versions_allowed():
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    lowest = config["options"]["python_requires"].removeprefix(">=")
    versions = re.findall(r"Programming Language :: Python :: (3\.\d+)$",
                          _metadata()["classifiers"], re.MULTILINE)
    assert versions and versions[0] == lowest
    assert versions == sorted(versions, key=lambda v: int(v.split(".")[1]))

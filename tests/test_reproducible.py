"""One commit, one site and one PDF: dates come from SOURCE_DATE_EPOCH (make takes the last commit's), never the clock."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_of_fixture

EPOCH = "1609502400"  # 1 January 2021, 12:00 UTC: a day that is not today


def test_make_dates_the_build_by_the_last_commit():
    result = subprocess.run(["make", "-s", "-C", str(ROOT), "--eval", "print-epoch: ; @echo $$SOURCE_DATE_EPOCH", "print-epoch"],
                            capture_output=True, text=True, env={k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"})
    last_commit = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True)
    if last_commit.returncode != 0:
        pytest.skip("not a git clone: make has no commit to date the build by")
    assert result.stdout.strip() == last_commit.stdout.strip(), result.stdout + result.stderr


def _build(book: Path, out: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                           cwd=book, capture_output=True, text=True, env=env)
    assert build.returncode == 0, build.stdout + build.stderr
    pdf = subprocess.run([sys.executable, "-m", "macros.pdf", str(out), str(out / "briefing.pdf")],
                         cwd=book, capture_output=True, text=True, env=env)  # it reads the print manifest the build wrote
    assert pdf.returncode == 0, pdf.stdout + pdf.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.pdf
def test_two_builds_of_one_commit_are_identical(tmp_path):
    book = copy_of_fixture(tmp_path)
    _build(book, tmp_path / "first")
    time.sleep(1.1)  # a timestamp taken from the clock would now differ
    shutil.rmtree(book / ".cache", ignore_errors=True)  # and the second build starts cold, as on another machine
    _build(book, tmp_path / "second")
    first, second = _files(tmp_path / "first"), _files(tmp_path / "second")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.endswith(".pdf") for name in first)
    from pypdf import PdfReader

    pdf = PdfReader(tmp_path / "first" / "briefing.pdf")
    assert pdf.metadata["/CreationDate"].startswith("D:20210101"), "the PDF is dated by the clock, not the commit"
    assert "1 January 2021" in pdf.pages[0].extract_text()

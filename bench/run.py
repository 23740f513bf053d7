"""The build-time benchmark: what a contributor waits for, at every size of book.

    .venv/bin/python bench/run.py            # everything (README: how long, and the figures)
    .venv/bin/python bench/run.py --sizes 100 --skip-real    # a quick look

Prints one line per figure (`name value unit`) and appends them, with the commit and
the date, to bench/results/<date>.tsv, so that runs can be compared across commits.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from measure import Measured, run_measured, typical
from plain import make_plain
from serve import Edit, append_line, edit_times, median
from synthetic import generate

from macros.config import defaults

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PYTHON = sys.executable
SIZES = (100, 300, 1000)
# The real book's PDF step and Typst alone each run this many times, taken in turns so that both see the
# same load, and reported as the median: single runs of either vary by a second on a shared machine.
PDF_RUNS = 3
# The real book's files a build reads; copied so that nothing in the working tree is touched.
REAL_BOOK_PARTS = ("mkdocs.yml", "docs", "sources", "overrides", "macros")
CACHE = Path(defaults().cache_dir)  # the plugin's default, relative to the book


def add_to_bottom_line(text: str, token: str) -> str:
    """A data edit: the token appended to a source's bottom line (shown on its page)."""
    data = yaml.safe_load(text)
    data["bottom_line"] = f"{data['bottom_line'].rstrip()} {token}."
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100)


def serve_edits(book: Path) -> dict[str, Edit]:
    """A page edit (a theme page) and a data edit (the first annotated source's data file)."""
    edits = {"page_edit": Edit("docs/themes/india-rationale.md", "themes/india-rationale/", append_line)}
    key = next((page.stem for page in sorted((book / "docs" / "sources").glob("*.md"))
                if (book / "sources" / f"{page.stem}.yml").exists()), None)
    if key:
        edits["data_edit"] = Edit(f"sources/{key}.yml", f"sources/{key}/", add_to_bottom_line)
    return edits


class Figures:
    """Figures in the order measured, printed as they come."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str]] = []

    def add(self, name: str, value: float | str, unit: str) -> None:
        text = f"{value:.2f}" if isinstance(value, float) else str(value)
        self.rows.append((name, text, unit))
        print(f"{name} {text} {unit}", flush=True)

    def build(self, name: str, measured: Measured) -> None:
        if not measured.ok:
            self.note(name, f"failed (exit {measured.returncode}); log {measured.log}:\n{measured.tail()}")
            return
        self.add(f"{name}.wall", measured.seconds, "s")
        self.add(f"{name}.cpu", measured.cpu_seconds, "s")
        self.add(f"{name}.peak_rss", measured.peak_mb, "MB")

    def note(self, name: str, text: str) -> None:
        print(f"# {name}: {text}", flush=True)
        self.rows.append((name, "n/a", text.splitlines()[0]))


def build_command(site: Path) -> list[str]:
    return [PYTHON, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)]


def environment() -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    corpus = ROOT.parent / "shared" / "corpus"
    if "BRIEFING_CORPUS" not in env and corpus.is_dir():
        env["BRIEFING_CORPUS"] = str(corpus)  # as the Makefile does
    return env


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else float("nan")


def bench_size(size: int, work: Path, figures: Figures, env: dict[str, str]) -> dict[str, Measured]:
    """Generate a book of `size` sources; build it cold, warm, and as plain MkDocs."""
    book, plain = work / f"book-{size}", work / f"plain-{size}"
    started = time.perf_counter()
    made = generate(ROOT, book, size)
    figures.add(f"synthetic.{size}.generate", time.perf_counter() - started, "s")
    figures.add(f"synthetic.{size}.pages", made["sources"] + made["theme_pages"] + 3, "pages")
    figures.add(f"synthetic.{size}.citations", made["citations"], "citations")
    # First build: no .cache/briefing yet, so pandoc formats every reference, as on a fresh clone.
    cold = run_measured(build_command(work / f"site-{size}-cold"), book, work / f"build-{size}-cold.log", env)
    figures.build(f"synthetic.{size}.machinery_cold", cold)
    # The plain copy is rendered from the same library, reusing the references the cold build formatted.
    prerender_cache = work / f"prerender-cache-{size}"
    if (book / CACHE).is_dir():
        shutil.copytree(book / CACHE, prerender_cache)
    started = time.perf_counter()
    make_plain(book, plain, prerender_cache)
    figures.add(f"synthetic.{size}.prerender", time.perf_counter() - started, "s")
    runs = {
        "cold": cold,
        "machinery": run_measured(build_command(work / f"site-{size}"), book, work / f"build-{size}.log", env),
        "plain": run_measured(build_command(work / f"plain-site-{size}"), plain, work / f"plain-{size}.log", env),
    }
    figures.build(f"synthetic.{size}.machinery", runs["machinery"])
    figures.build(f"synthetic.{size}.plain", runs["plain"])
    if all(run.ok for run in runs.values()):
        figures.add(f"synthetic.{size}.ratio", ratio(runs["machinery"].seconds, runs["plain"].seconds), "x")
        figures.add(f"synthetic.{size}.ratio_cpu", ratio(runs["machinery"].cpu_seconds, runs["plain"].cpu_seconds), "x")
        figures.add(f"synthetic.{size}.ratio_cold", ratio(runs["cold"].seconds, runs["plain"].seconds), "x")
    return runs


def copy_real_book(target: Path) -> Path:
    target.mkdir(parents=True)
    for part in REAL_BOOK_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / part)
    return target


def module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def bench_real(work: Path, figures: Figures, env: dict[str, str], with_pdf: bool = True) -> None:
    """The real book (a copy): cold and warm builds, the serve loop, check and the PDF."""
    book = copy_real_book(work / "real")
    site = work / "real-site"
    cold = run_measured(build_command(work / "real-site-cold"), book, work / "real-cold.log", env)
    warm = run_measured(build_command(site), book, work / "real.log", env)
    figures.build("real.build_cold", cold)
    figures.build("real.build", warm)

    for edit_name, edit in serve_edits(book).items():
        for dirty in (False, True):
            name = f"real.serve_{edit_name}" + ("_dirty" if dirty else "")
            try:
                times = edit_times(book, edit, PYTHON, work / f"{name}.log", dirty=dirty, edit_timeout=20)
            except RuntimeError as error:
                figures.note(name, str(error))
                continue
            shown = [seconds for seconds in times if seconds is not None]
            if len(shown) < len(times):
                figures.note(name, "the change never showed (waited 20 s): this mode does not rebuild the page")
            else:
                figures.add(name, median(shown), "s")
                figures.add(name + "_max", max(shown), "s")

    if module_exists("macros.check"):
        figures.build("real.check", run_measured([PYTHON, "-m", "macros.check", "--root", str(book)], book,
                                                 work / "check.log", env))
    else:
        figures.note("real.check", "skipped: python -m macros.check does not exist yet")

    if not with_pdf:
        return
    if not module_exists("macros.pdf"):
        figures.note("real.pdf", "skipped: python -m macros.pdf does not exist yet")
    elif warm.ok:
        pdf = [PYTHON, "-m", "macros.pdf", str(site), str(work / "real.pdf"), "--typst-source", str(work / "real.typ")]
        steps, alone = [], []
        for _ in range(PDF_RUNS):
            steps.append(run_measured(pdf, book, work / "real-pdf.log", env))
            if (run := typst_alone(work / "real.typ", work / "real.pdf_typst_alone", env)) is not None:
                alone.append(run)
        figures.build("real.pdf", typical(steps))
        figures.add("real.pdf.runs", float(PDF_RUNS), "runs")
        if alone:
            figures.build("real.pdf_typst_alone", typical(alone))
        else:
            figures.note("real.pdf_typst_alone", "skipped: the PDF step wrote no markup")


def typst_alone(markup: Path, out: Path, env: dict[str, str]) -> Measured | None:
    """Typst alone on the markup the PDF step typeset, once, on the papers' common sheet (None: no markup)."""
    if not markup.is_file():
        return None
    command = [PYTHON, str(Path(__file__).with_name("typst_alone.py")), str(markup), str(out)]
    return run_measured(command, out.parent, out.parent / f"{out.name}.log", env)


def bench_typst_alone(name: str, markup: Path, work: Path, figures: Figures, env: dict[str, str]) -> None:
    """The reference: Typst alone on the markup the PDF step typeset."""
    measured = typst_alone(markup, work / name, env)
    if measured is None:
        figures.note(name, "skipped: the PDF step wrote no markup")
    else:
        figures.build(name, measured)


def bench_synthetic_pdf(size: int, work: Path, figures: Figures, env: dict[str, str], timeout: float) -> None:
    """The PDF of a generated site: reported, never a failure of the benchmark."""
    name = f"synthetic.{size}.pdf"
    book, site = work / f"book-{size}", work / f"site-{size}"
    if not module_exists("macros.pdf") or not (site / "index.html").exists():
        figures.note(name, "skipped: no PDF command or no built site")
        return
    command = ["timeout", f"{timeout:.0f}", PYTHON, "-m", "macros.pdf", str(site), str(work / f"synthetic-{size}.pdf"),
               "--typst-source", str(work / f"synthetic-{size}.typ")]
    measured = run_measured(command, book, work / f"synthetic-{size}-pdf.log", env)
    if measured.returncode == 124:
        figures.note(name, f"stopped after {timeout:.0f} s (the time left in the benchmark's budget)")
    else:
        figures.build(name, measured)
        bench_typst_alone(f"synthetic.{size}.pdf_typst_alone", work / f"synthetic-{size}.typ", work, figures, env)


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+modified" if git("status", "--porcelain", "--untracked-files=no") else "")


def save(figures: Figures, revision: str, started_at: datetime.datetime) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{started_at.date().isoformat()}.tsv"
    new = not path.exists()
    with path.open("a", encoding="utf-8") as out:
        if new:
            out.write("date\tcommit\tname\tvalue\tunit\n")
        stamp = started_at.isoformat(timespec="seconds")
        for name, value, unit in figures.rows:
            out.write(f"{stamp}\t{revision}\t{name}\t{value}\t{unit}\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES), help="synthetic book sizes (sources)")
    parser.add_argument("--skip-real", action="store_true", help="leave out the real book (build, serve, check, PDF)")
    parser.add_argument("--pdf-size", type=int, default=300, help="the generated site to print (0: none)")
    parser.add_argument("--no-pdf", action="store_true", help="leave out every PDF")
    parser.add_argument("--budget", type=float, default=570,
                        help="seconds: the generated site is printed only if the run has not yet taken this long")
    parser.add_argument("--keep", action="store_true", help="keep the generated books and sites (path printed)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    # The code measured is the code at the start (a commit made during the run is not measured).
    revision, started_at = commit(), datetime.datetime.now().astimezone()
    env = environment()
    figures = Figures()
    # Wall times stretch when other work shares the CPUs; cpu times and the load say how much.
    figures.add("machine.cpus", os.cpu_count() or 0, "cpus")
    figures.add("machine.load_at_start", os.getloadavg()[0], "load")
    work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    try:
        builds = {size: bench_size(size, work, figures, env) for size in args.sizes}
        smallest, largest = min(args.sizes, default=0), max(args.sizes, default=0)
        if smallest != largest and builds[smallest]["machinery"].ok and builds[largest]["machinery"].ok:
            figures.add(f"synthetic.scaling_{largest}_over_{smallest}",
                        ratio(builds[largest]["machinery"].seconds, builds[smallest]["machinery"].seconds), "x")
            figures.add(f"synthetic.scaling_{largest}_over_{smallest}_cpu",
                        ratio(builds[largest]["machinery"].cpu_seconds, builds[smallest]["machinery"].cpu_seconds), "x")
        if not args.skip_real:
            bench_real(work, figures, env, with_pdf=not args.no_pdf)
        if args.pdf_size in builds and not args.no_pdf:
            left = args.budget - (time.perf_counter() - started)
            if left > 30:
                bench_synthetic_pdf(args.pdf_size, work, figures, env, left)
            else:
                figures.note(f"synthetic.{args.pdf_size}.pdf", "skipped: no time left in the benchmark's budget")
        figures.add("machine.load_at_end", os.getloadavg()[0], "load")
        figures.add("bench.total", time.perf_counter() - started, "s")
    finally:
        # Whatever was measured is kept, even when a step fails.
        print(f"# appended to {save(figures, revision, started_at)}")
        if args.keep:
            print(f"# kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Sphinx configuration of the sklearn-textnn documentation.

Build it (from the repository root) with::

    python -m sphinx -W --keep-going -b html docs docs/_build/html

Add ``-D plot_gallery=0`` to render the gallery without running the examples.
The build needs no network access.
"""

import argparse
import os
import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS / "sphinxext"))

import sklearn_textnn

# -- Project -------------------------------------------------------------------------
project = "sklearn-textnn"
author = "The sklearn-textnn developers"
copyright = "The sklearn-textnn developers"
version = release = sklearn_textnn.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

templates_path = ["_templates"]
# Generated pages that are included by others, not documents of their own.
exclude_patterns = [
    "_build",
    "gen_modules/benchmark_results",
    "gen_modules/cli",
    "_api_*.rst",
    "sphinxext",
]
root_doc = "index"
# Offline build: no sphinx.ext.intersphinx, so references to other projects (numpy,
# scikit-learn, torch) render as plain text; nitpicky mode would flag each of them.
nitpicky = False

# -- API pages -----------------------------------------------------------------------
# api.rst, and the lists of networks it includes (written below from the registry,
# which autosummary would not look into by itself).
autosummary_generate = [
    "api.rst",
    "_api_networks.rst",
    "_api_nn.rst",
]
autosummary_imported_members = False
autodoc_default_options = {"members": True}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True

# -- HTML ----------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"sklearn-textnn {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_sidebars = {"index": []}
html_static_path = []
html_show_sourcelink = False

# -- Gallery -------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    # Run every example, not only the plot_* ones: the quickstart too.
    "filename_pattern": re.escape(os.sep),
    "within_subsection_order": "gallery_order.ExampleOrder",
    "doc_module": ("sklearn_textnn",),
    "reference_url": {"sklearn_textnn": None},
    "remove_config_comments": True,
    "download_all_examples": False,
    "min_reported_time": 1,
}


# -- Pages made from other files of the repository -----------------------------------
GENERATED = DOCS / "gen_modules"


def _write_if_changed(path, text):
    """Write ``text`` to ``path`` unless it already holds it (keeps Sphinx's cache)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


_INLINE = re.compile(
    r"(?P<code>`[^`]+`)|(?P<bold>\*\*[^*]+\*\*)|(?P<link>\[[^\]]+\]\([^)]+\))"
)
_ESCAPED = re.compile(r"([\\*_`|])")


def _inline(text):
    """Markdown inline text as reStructuredText: code, bold and links kept, the rest
    escaped so that no character starts markup by accident."""
    out, position = [], 0
    for match in _INLINE.finditer(text):
        out.append(_ESCAPED.sub(r"\\\1", text[position : match.start()]))
        token = match.group()
        if match["code"]:
            markup = f"``{token[1:-1]}``"
        elif match["bold"]:
            markup = "**" + _ESCAPED.sub(r"\\\1", token[2:-2]) + "**"
        else:
            label, url = token[1:].split("](", 1)
            markup = f"`{label} <{url[:-1]}>`__"
        # Inline markup must stand apart from the words around it; an escaped
        # space joins it to them without showing.
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if before and not before.isspace() and before not in "([{'\"":
            markup = "\\ " + markup
        if after and not after.isspace() and after not in ".,;:!?)]}'\"":
            markup += "\\ "
        out.append(markup)
        position = match.end()
    out.append(_ESCAPED.sub(r"\\\1", text[position:]))
    return "".join(out).strip()


def _cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def markdown_to_rst(markdown):
    """The Markdown that the benchmark scripts write, as reStructuredText.

    Headings become rubrics, pipe tables list-tables, ``-`` lists lists; everything
    else is a paragraph.
    """
    lines = markdown.splitlines()
    out, i = [], 0
    while i < len(lines):
        line = lines[i].rstrip()
        if line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = _cells(lines[i])
                if not all(re.fullmatch(r":?-+:?", cell) for cell in cells):
                    rows.append(cells)
                i += 1
            width = max(len(row) for row in rows)
            out += ["", ".. list-table::", "   :header-rows: 1", ""]
            for row in rows:
                row = row + [""] * (width - len(row))
                for j, cell in enumerate(row):
                    bullet = "   * -" if j == 0 else "     -"
                    out.append(f"{bullet} {_inline(cell)}".rstrip())
            out.append("")
            continue
        heading = re.match(r"#+\s+(.*)", line)
        if heading:
            out += ["", f".. rubric:: {_inline(heading[1])}", ""]
        elif re.match(r"\s*[-*]\s+", line):
            out.append("- " + _inline(re.sub(r"^\s*[-*]\s+", "", line)))
        elif line.strip():
            out.append(_inline(line))
        else:
            out.append("")
        i += 1
    return "\n".join(out).strip() + "\n"


def write_benchmark_results():
    """One page fragment per result file, or how to make it for a script without."""
    results = ROOT / "benchmarks" / "results"
    for source in sorted(results.glob("*.md")):
        text = markdown_to_rst(source.read_text(encoding="utf-8"))
        _write_if_changed(GENERATED / "benchmark_results" / f"{source.stem}.rst", text)
    for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        name = script.stem.removeprefix("bench_")
        if not (results / f"{name}.md").exists():
            text = (
                f"No result yet: ``python benchmarks/{script.name}`` writes "
                f"``benchmarks/results/{name}.md``.\n"
            )
            _write_if_changed(GENERATED / "benchmark_results" / f"{name}.rst", text)


def write_cli_help():
    """The ``--help`` text of the command and of each subcommand."""
    from sklearn_textnn.cli import build_parser

    # argparse wraps its help to the terminal width: fix it for reproducible pages.
    columns = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "88"
    try:
        parser = build_parser()
        helps = {"sklearn-textnn": parser.format_help()}
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for command, subparser in action.choices.items():
                    helps[command] = subparser.format_help()
    finally:
        if columns is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = columns
    for command, text in helps.items():
        _write_if_changed(GENERATED / "cli" / f"{command}.txt", text)


def write_network_list():
    """The API list of the networks and their torch modules, from the registry, so
    that a new network shows up without editing api.rst."""
    from sklearn_textnn import nn
    from sklearn_textnn.networks import available_networks

    def autosummary(current, names, template=None):
        lines = [f".. currentmodule:: {current}", "", ".. autosummary::"]
        lines.append("   :toctree: gen_modules/")
        if template:
            lines.append(f"   :template: {template}")
        return "\n".join([*lines, "", *(f"   {n}" for n in names), "", ""])

    networks = [cls.__name__ for cls in available_networks().values()]
    _write_if_changed(
        DOCS / "_api_networks.rst",
        autosummary("sklearn_textnn.networks", ["Network", *networks])
        + autosummary(
            "sklearn_textnn.networks", ["available_networks", "make_network"]
        ),
    )
    modules = [n for n in nn.__all__ if n[0].isupper()]
    functions = [n for n in nn.__all__ if not n[0].isupper()]
    _write_if_changed(
        DOCS / "_api_nn.rst",
        autosummary("sklearn_textnn.nn", modules)
        + autosummary("sklearn_textnn.nn", functions),
    )


write_benchmark_results()
write_cli_help()
write_network_list()

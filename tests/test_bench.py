"""The benchmark's pure helpers: its percentiles and how it rewrites one section of a results file."""

from bench.datasette_side import median_p95, replace_section

RESULTS = """# Benchmark results

| a | b |
|---|---|

## Side by side with Datasette

old figures

### A note under it

kept with the old section

## Before the facet index

older figures
"""


def test_median_p95_of_thirty_uses_the_twenty_eighth_value():
    """p95 of 30 is the 28th smallest (nearest rank, int(30 * 0.95) - 1 = 27 from zero), as bench/run.py takes it."""
    timings = [float(n) for n in range(30, 0, -1)]
    assert median_p95(timings) == (15.5, 28.0)


def test_median_p95_of_one_timing_is_that_timing():
    assert median_p95([7.0]) == (7.0, 7.0)


def test_replace_section_replaces_the_section_and_its_subsections_only():
    replaced = replace_section(RESULTS, "## Side by side with Datasette", "new figures\n")
    assert replaced == (
        "# Benchmark results\n\n| a | b |\n|---|---|\n\n"
        "## Side by side with Datasette\n\nnew figures\n\n"
        "## Before the facet index\n\nolder figures\n"
    )


def test_replace_section_adds_a_missing_section_at_the_end():
    text = "# Benchmark results\n\n| a | b |\n"
    assert replace_section(text, "## Side by side with Datasette", "figures") == (
        "# Benchmark results\n\n| a | b |\n\n## Side by side with Datasette\n\nfigures\n"
    )


def test_replace_section_of_an_empty_file_is_the_section_alone():
    assert replace_section("", "## Side by side with Datasette", "figures") == (
        "## Side by side with Datasette\n\nfigures\n"
    )


def test_replace_section_of_the_last_section_keeps_what_comes_before():
    text = "# Results\n\nintro\n\n## Side by side with Datasette\n\nold\n"
    assert replace_section(text, "## Side by side with Datasette", "new") == (
        "# Results\n\nintro\n\n## Side by side with Datasette\n\nnew\n"
    )

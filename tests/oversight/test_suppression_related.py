"""The compliance and overdue tables are suppressed as one system.

A reader holds both tables of the quarterly report at once, with every printed figure,
every label ("<5" is 1 to 4, "n.p." is at least 1), every row and column equation and the
relation between them: in each community, children overdue at quarter end are among those
not seen throughout the quarter (overdue ≤ not seen). The attacker below is independent
of the protection code: it reads only what is printed and bounds each hidden figure with
two linear programmes. No hidden figure may be left with a single possible whole value.

Derandomized (a fixed seed): every run checks the same communities. Search further by
hand with ``CWSP_SUPPRESSION_EXPLORE=10`` (ten times the examples, a new seed each run).
"""

import os
import random

from oversight.suppression import protect_related, protect_table

from .attacker import pinned_figures

EXPLORE = int(os.environ.get("CWSP_SUPPRESSION_EXPLORE", "0"))
EXAMPLES = 60 * (EXPLORE or 1)


def _printed(compliance, overdue):
    """What a reader sees: the two tables as strings, with their totals."""
    return {
        "cells": [[c.display for c in row] for row in compliance.cells],
        "row_totals": [c.display for c in compliance.row_totals],
        "column_totals": [c.display for c in compliance.column_totals],
        "grand_total": compliance.grand_total.display,
        "overdue": [row[0].display for row in overdue.cells],
        "overdue_total": overdue.grand_total.display,
    }


def _attack(printed):
    """The hidden figures a reader pins to one whole value: [(name, value)]."""
    names, bounds = [], []

    def term(name, text):
        if text.isdigit():
            return None, int(text)
        names.append(name)
        bounds.append((1, 4) if text == "<5" else (1, None))
        return len(names) - 1, 0

    cells = [
        [term(("cell", i, j), text) for j, text in enumerate(row)]
        for i, row in enumerate(printed["cells"])
    ]
    rows = [term(("row", i), text) for i, text in enumerate(printed["row_totals"])]
    columns = [term(("column", j), text) for j, text in enumerate(printed["column_totals"])]
    grand = term(("grand",), printed["grand_total"])
    overdue = [term(("overdue", i), text) for i, text in enumerate(printed["overdue"])]
    overdue_total = term(("overdue_total",), printed["overdue_total"])
    if not names:
        return []
    equalities, inequalities = [], []

    def relation(plus, minus, into):
        row, constant = [0] * len(names), 0
        for sign, terms in ((1, plus), (-1, minus)):
            for index, value in terms:
                if index is None:
                    constant -= sign * value
                else:
                    row[index] += sign
        if any(row):
            into.append((row, constant))

    for i, row in enumerate(cells):
        relation(row, [rows[i]], equalities)
    for j, column in enumerate(columns):
        relation([row[j] for row in cells], [column], equalities)
    relation(rows, [grand], equalities)
    relation(columns, [grand], equalities)
    relation(overdue, [overdue_total], equalities)
    for i, row in enumerate(cells):
        relation([overdue[i]], [row[1]], inequalities)
    return pinned_figures(names, bounds, equalities, inequalities)


def _communities(generator, count):
    rows, overdue = [], []
    for _ in range(count):
        seen = generator.choice([0, 0, 1, 2, 3, 5, 8, 13, generator.randint(0, 40)])
        not_seen = generator.choice([0, 1, 1, 2, 3, 4, 5, 6, generator.randint(0, 20)])
        rows.append([seen, not_seen])
        overdue.append([generator.randint(0, not_seen)])
    return rows, overdue


def _protected(rows, overdue):
    return protect_related(
        [rows, overdue], at_most=[((1, (i, 0)), (0, (i, 1))) for i in range(len(rows))]
    )


def test_no_hidden_figure_is_recovered_from_both_tables_together():
    generator = random.Random(None if EXPLORE else 19)
    for _ in range(EXAMPLES):
        rows, overdue = _communities(generator, generator.randint(1, 6))
        compliance, overdue_table = _protected(rows, overdue)
        printed = _printed(compliance, overdue_table)
        assert _attack(printed) == [], (rows, overdue, printed)
        # Nothing from 1 to 4 is printed.
        shown = [*sum(printed["cells"], []), *printed["row_totals"], *printed["overdue"]]
        assert not [text for text in shown if text in {"1", "2", "3", "4"}], printed


def test_the_tables_suppressed_separately_give_figures_away():
    # The review's finding: five children in one community, overdue ≤ not seen. Protected
    # one table at a time, the reader pins hidden figures exactly.
    rows = [[5, 3], [23, 2], [8, 1]]
    overdue = [[3], [2], [0]]
    printed = _printed(protect_table(rows), protect_table(overdue))
    assert _attack(printed) == [(("cell", 2, 0), 8), (("cell", 2, 1), 1)]
    compliance, overdue_table = _protected(rows, overdue)
    assert _attack(_printed(compliance, overdue_table)) == []


def test_each_table_stays_safe_on_its_own_and_keeps_what_it_can():
    rows = [[20, 9], [13, 7], [9, 6]]
    overdue = [[8], [5], [6]]
    compliance, overdue_table = _protected(rows, overdue)
    # Nothing small: nothing hidden.
    assert [c.display for c in overdue_table.column_totals] == ["19"]
    assert not compliance.any_suppressed and not overdue_table.any_suppressed

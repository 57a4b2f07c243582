"""Overdue at quarter end, split by whether a reason was acknowledged, suppressed with the
compliance table as one system.

The split is one table whose row totals are the overdue figures (with a reason + without
= overdue), so a reader can subtract within it but not between two separately protected
tables. The reader below holds every printed figure of both tables, every equation of
each (rows, columns, grand total) and the relation between them (overdue ≤ not seen, in
each community), and bounds each hidden figure with two linear programmes; it is written
apart from the protection code. No hidden figure may be left with one possible value.
"""

import random

from oversight.suppression import protect_related, protect_table

from .attacker import pinned_figures

EXAMPLES = 40


def _grid(table):
    """A printed table as strings: cells, row totals, column totals, grand total."""
    return {
        "cells": [[c.display for c in row] for row in table.cells],
        "rows": [c.display for c in table.row_totals],
        "columns": [c.display for c in table.column_totals],
        "grand": table.grand_total.display,
    }


def _attack(compliance, overdue):
    names, bounds = [], []

    def term(name, text):
        if text.isdigit():
            return None, int(text)
        names.append(name)
        bounds.append((1, 4) if text == "<5" else (1, None))
        return len(names) - 1, 0

    tables = {}
    for label, printed in (("compliance", compliance), ("overdue", overdue)):
        tables[label] = {
            "cells": [
                [term((label, "cell", i, j), t) for j, t in enumerate(row)]
                for i, row in enumerate(printed["cells"])
            ],
            "rows": [term((label, "row", i), t) for i, t in enumerate(printed["rows"])],
            "columns": [term((label, "column", j), t) for j, t in enumerate(printed["columns"])],
            "grand": term((label, "grand"), printed["grand"]),
        }
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

    for t in tables.values():
        for i, row in enumerate(t["cells"]):
            relation(row, [t["rows"][i]], equalities)
        for j, column in enumerate(t["columns"]):
            relation([row[j] for row in t["cells"]], [column], equalities)
        relation(t["rows"], [t["grand"]], equalities)
        relation(t["columns"], [t["grand"]], equalities)
    for i, overdue_total in enumerate(tables["overdue"]["rows"]):
        # Overdue (with or without a reason) ≤ not seen throughout, in each community.
        relation([overdue_total], [tables["compliance"]["cells"][i][1]], inequalities)
    return pinned_figures(names, bounds, equalities, inequalities)


def _protected(compliance_rows, overdue_rows):
    # As oversight.report does: the overdue table's row total (column 2) ≤ not seen.
    return protect_related(
        [compliance_rows, overdue_rows],
        at_most=[((1, (i, 2)), (0, (i, 1))) for i in range(len(compliance_rows))],
    )


def _communities(generator, count):
    compliance, overdue = [], []
    for _ in range(count):
        seen = generator.choice([0, 0, 1, 2, 3, 5, 8, 13, generator.randint(0, 40)])
        not_seen = generator.choice([0, 1, 2, 3, 4, 5, 6, 9, generator.randint(0, 20)])
        late = generator.randint(0, not_seen)
        with_reason = generator.randint(0, late)
        compliance.append([seen, not_seen])
        overdue.append([with_reason, late - with_reason])
    return compliance, overdue


def test_no_hidden_figure_is_recovered_from_the_split_and_compliance_together():
    generator = random.Random(22)
    for _ in range(EXAMPLES):
        compliance_rows, overdue_rows = _communities(generator, generator.randint(1, 5))
        compliance, overdue = _protected(compliance_rows, overdue_rows)
        printed = (_grid(compliance), _grid(overdue))
        assert _attack(*printed) == [], (compliance_rows, overdue_rows, printed)
        shown = [
            text
            for grid in printed
            for text in [*sum(grid["cells"], []), *grid["rows"], *grid["columns"], grid["grand"]]
        ]
        assert not [text for text in shown if text in {"1", "2", "3", "4"}], printed


def test_protected_apart_the_split_would_give_figures_away():
    # Twelve children in care, eleven not seen throughout and all eleven overdue (ten with
    # a reason): apart, "overdue ≤ not seen" pins the one child seen throughout.
    compliance_rows = [[1, 11]]
    overdue_rows = [[10, 1]]
    apart = (_grid(protect_table(compliance_rows)), _grid(protect_table(overdue_rows)))
    assert _attack(*apart) != []
    together = _protected(compliance_rows, overdue_rows)
    assert _attack(_grid(together[0]), _grid(together[1])) == []

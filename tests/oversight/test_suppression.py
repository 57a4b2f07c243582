"""Suppression: no count from 1 to 4 is printed, and no hidden value can be recovered.

The recovery check is an exhaustive search: every assignment of the hidden cells that a
reader could consider (a "<5" cell is 1–4, an "n.p." cell is not zero) and that agrees with
every printed total. A hidden value is safe when at least two such assignments disagree on it.
"""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oversight.suppression import (
    PRIMARY_LABEL,
    SECONDARY_LABEL,
    _pinned_positions,
    protect_counts,
    protect_table,
    protect_value,
)

# Derandomized, so every run of the suite checks the same tables and a failure is
# reproducible. When the algorithm changes, search further at random by hand:
# ``CWSP_SUPPRESSION_EXPLORE=10 pytest tests/oversight/test_suppression.py`` (ten times
# the examples, a new random choice each run).
EXPLORE = int(os.environ.get("CWSP_SUPPRESSION_EXPLORE", "0"))


def property_settings(max_examples: int) -> settings:
    return settings(
        derandomize=not EXPLORE,
        database=None,
        max_examples=max_examples * (EXPLORE or 1),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


def _reader_view(table):
    """The positions a reader cannot see, with what the label tells them, and the equations."""
    hidden = {}
    for members, total in table.equations:
        for pos in [*members, total]:
            cell = table.at(pos)
            if cell.suppressed:
                hidden[pos] = (1, 4) if cell.display == PRIMARY_LABEL else (1, None)
    return hidden


def _recoverable(table, cap):
    """Hidden positions whose value every consistent reading agrees on.

    Depth-first over the hidden cells row by row, checking each row's total as soon as
    the row is complete and pruning on column totals; stops once every hidden position
    has been seen with two different values.
    """
    hidden = _reader_view(table)
    rows, columns = len(table.cells), len(table.column_totals)
    inner = [(i, j) for i in range(rows) for j in range(columns) if (i, j) in hidden]
    seen = {pos: set() for pos in hidden}
    grid = {
        (i, j): table.cells[i][j].value
        for i in range(rows)
        for j in range(columns)
        if (i, j) not in hidden
    }
    column_caps = [
        table.column_totals[j].value if not table.column_totals[j].suppressed else cap
        for j in range(columns)
    ]
    inner_first = sorted(
        table.equations, key=lambda eq: any(m[0] >= rows or m[1] >= columns for m in eq[0])
    )

    def consistent():
        totals = {}
        for members, total in inner_first:
            value = sum(grid[m] if m in grid else totals[m] for m in members)
            totals[total] = value
            if total in hidden:
                lo, hi = hidden[total]
                if value < lo or (hi is not None and value > hi):
                    return None
            elif value != table.at(total).value:
                return None
        return totals

    def done():
        return all(len(values) >= 2 for values in seen.values())

    def search(index):
        if index == len(inner):
            totals = consistent()
            if totals is not None:
                for pos in hidden:
                    seen[pos].add(grid[pos] if pos in grid else totals[pos])
            return done()
        i, j = inner[index]
        lo, hi = hidden[(i, j)]
        used = sum(grid[(k, j)] for k in range(rows) if (k, j) in grid)
        top = min(hi if hi is not None else cap, column_caps[j] - used)
        for value in range(lo, top + 1):
            grid[(i, j)] = value
            if search(index + 1):
                del grid[(i, j)]
                return True
        grid.pop((i, j), None)
        return False

    search(0)
    return [pos for pos, values in seen.items() if len(values) < 2]


def _printed(table):
    everything = [c for row in table.cells for c in row]
    everything += [*table.row_totals, *table.column_totals, table.grand_total]
    return [c.display for c in everything]


def test_small_counts_show_as_less_than_five_and_zero_and_five_show():
    column = protect_counts([0, 1, 4, 5, 12])
    shown = [row[0].display for row in column.cells]
    assert shown[0] == "0"
    assert shown[1] == PRIMARY_LABEL
    assert shown[2] == PRIMARY_LABEL
    assert shown[3] in ("5", SECONDARY_LABEL)
    assert protect_value(3).display == PRIMARY_LABEL
    assert protect_value(5).display == "5"
    assert protect_value(0).display == "0"


def test_a_single_small_cell_in_a_column_takes_the_next_smallest_with_it():
    column = protect_counts([3, 20, 7, 9])
    shown = [row[0].display for row in column.cells]
    assert shown == [PRIMARY_LABEL, "20", SECONDARY_LABEL, "9"]
    assert column.grand_total.display == "39"
    assert _recoverable(column, cap=39) == []


def test_two_small_cells_adding_up_to_two_are_not_left_pinned():
    # 1 + 1 = 2 would give both away: a third cell is hidden too.
    column = protect_counts([1, 1, 10, 12])
    assert [row[0].display for row in column.cells].count(SECONDARY_LABEL) >= 1
    assert _recoverable(column, cap=24) == []


def test_a_small_total_is_hidden_and_protected():
    table = protect_table([[0, 2], [0, 0], [6, 8]])
    assert table.row_totals[0].display == PRIMARY_LABEL
    assert _recoverable(table, cap=16) == []
    assert all(text not in {"1", "2", "3", "4"} for text in _printed(table))


def test_all_zero_table_shows_zero():
    table = protect_table([[0, 0], [0, 0]])
    assert _printed(table) == ["0"] * 9


counts = st.integers(min_value=0, max_value=9).map(lambda v: v if v % 3 else v // 3)
tables = st.integers(min_value=1, max_value=4).flatmap(
    lambda width: st.lists(st.lists(counts, min_size=width, max_size=width), min_size=1, max_size=5)
)


@property_settings(max_examples=300)
@given(tables)
def test_no_count_from_one_to_four_is_printed_or_recoverable_by_subtraction(rows):
    table = protect_table(rows)
    assert all(text not in {"1", "2", "3", "4"} for text in _printed(table))
    for members, total in table.equations:
        hidden = [pos for pos in [*members, total] if table.at(pos).suppressed]
        assert len(hidden) != 1, (rows, _printed(table))
    # Exact for any size of table (see _range_by_linear_programming).
    assert _pinned_positions(table) == [], (rows, _printed(table))


small_tables = st.integers(min_value=2, max_value=3).flatmap(
    lambda width: st.lists(st.lists(counts, min_size=width, max_size=width), min_size=2, max_size=3)
)


@property_settings(max_examples=40)
@given(small_tables)
def test_no_hidden_value_is_recoverable_from_everything_printed(rows):
    # Exhaustive search over every reading that agrees with the printed table.
    table = protect_table(rows)
    assert _recoverable(table, cap=max(27, sum(map(sum, rows)))) == [], (rows, _printed(table))


def test_regression_two_small_cells_given_away_by_four_equations_together():
    # Column 0 and the grand total with row 2 fix the last column's first two cells at a
    # sum of 2, so both "<5" cells are 1: no single equation shows it.
    rows = [[0, 5, 1], [0, 1, 1], [5, 0, 1]]
    table = protect_table(rows)
    assert _pinned_positions(table) == [], _printed(table)
    assert _recoverable(table, cap=15) == [], _printed(table)


def test_regression_row_of_small_counts_with_zero_neighbours():
    rows = [[0, 0, 1, 0], [0, 0, 4, 1], [0, 4, 0, 1]]
    table = protect_table(rows)
    assert all(text not in {"1", "2", "3", "4"} for text in _printed(table))
    assert _pinned_positions(table) == [], _printed(table)

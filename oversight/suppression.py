"""Small-count suppression for the de-identified report tables.

Primary suppression: a count from 1 to 4 shows as "<5" (zero is shown: it identifies
nobody). Secondary suppression: a table is published with its row totals, column totals
and grand total, so every row and every column is an equation "members add up to the
total". A reader who knows all but one member of an equation can subtract, and one who
knows a hidden member is 1–4 (or, for "n.p.", not zero) can pin a value when the
hidden sum sits at the edge of what is possible (two "<5" cells adding up to 2 are both 1).
So, until nothing changes, each equation must hide none or at least two of its members,
and no hidden member may be pinned by the equation's bounds; otherwise the smallest
non-zero published member is hidden as well ("n.p.", not published), or the total when
only zeros are left.

tests/oversight/test_suppression.py checks by exhaustive search over small tables that no
hidden value can be recovered from everything printed.
"""

from dataclasses import dataclass, field
from fractions import Fraction

PRIMARY = "primary"
SECONDARY = "secondary"
PRIMARY_LABEL = "<5"
SECONDARY_LABEL = "n.p."
SMALL_MIN, SMALL_MAX = 1, 4
# What a reader can infer about a hidden value from its label.
# "n.p." promises only that the value is not zero (zeros are never hidden).
BOUNDS = {PRIMARY: (SMALL_MIN, SMALL_MAX), SECONDARY: (1, None)}


def is_small(value: int) -> bool:
    return SMALL_MIN <= value <= SMALL_MAX


@dataclass
class Cell:
    value: int
    suppressed: str | None = None

    @property
    def display(self) -> str:
        if self.suppressed == PRIMARY:
            return PRIMARY_LABEL
        if self.suppressed == SECONDARY:
            return SECONDARY_LABEL
        return str(self.value)

    @property
    def published(self) -> int | None:
        """The value as printed, or None when hidden."""
        return None if self.suppressed else self.value

    def __str__(self) -> str:
        return self.display


@dataclass
class ProtectedTable:
    cells: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    grand_total: Cell
    # (member positions, total position) over a grid where row R and column C are totals.
    equations: list[tuple[list[tuple[int, int]], tuple[int, int]]] = field(
        default_factory=list, repr=False
    )

    def at(self, position: tuple[int, int]) -> Cell:
        i, j = position
        rows, columns = len(self.cells), len(self.column_totals)
        if i == rows and j == columns:
            return self.grand_total
        if i == rows:
            return self.column_totals[j]
        if j == columns:
            return self.row_totals[i]
        return self.cells[i][j]

    @property
    def any_suppressed(self) -> bool:
        return any(
            self.at(pos).suppressed
            for members, total in self.equations
            for pos in [*members, total]
        )


def _interval(coefficients_and_bounds, constant):
    """Range of ``constant - sum(a * x)`` for x within (lo, hi) bounds (hi None: unbounded)."""
    lo, hi = constant, constant
    for a, (x_lo, x_hi) in coefficients_and_bounds:
        # a is +1 or -1.
        if a > 0:
            hi = None if hi is None else hi - x_lo
            lo = None if (lo is None or x_hi is None) else lo - x_hi
        else:
            lo = None if lo is None else lo + x_lo
            hi = None if (hi is None or x_hi is None) else hi + x_hi
    return lo, hi


def _propagated_bounds(table: ProtectedTable) -> dict[tuple[int, int], tuple[int, int | None]]:
    """What a reader can narrow each hidden value down to, equation by equation, until stable.

    Bounds propagation over every row and column at once catches joint inferences such as
    four "<5" cells whose row totals are "<5" and add up to a "<5" grand total.
    """
    bounds = {}
    for members, total in table.equations:
        for pos in [*members, total]:
            if table.at(pos).suppressed:
                bounds[pos] = BOUNDS[table.at(pos).suppressed]
    for _ in range(50):
        changed = False
        for members, total in table.equations:
            terms = [(1, pos) for pos in members] + [(-1, total)]
            hidden = [(a, pos) for a, pos in terms if pos in bounds]
            if not hidden:
                continue
            constant = -sum(a * table.at(pos).value for a, pos in terms if pos not in bounds)
            for index, (a, pos) in enumerate(hidden):
                rest = [(b, bounds[other]) for k, (b, other) in enumerate(hidden) if k != index]
                lo, hi = _interval(rest, constant)
                if a < 0:
                    lo, hi = (None if hi is None else -hi), (None if lo is None else -lo)
                own_lo, own_hi = bounds[pos]
                new_lo = own_lo if lo is None else max(lo, own_lo)
                new_hi = own_hi if hi is None else (hi if own_hi is None else min(hi, own_hi))
                if (new_lo, new_hi) != (own_lo, own_hi):
                    bounds[pos] = (new_lo, new_hi)
                    changed = True
        if not changed:
            break
    return bounds


def _determined_by_equations(table: ProtectedTable) -> set[tuple[int, int]]:
    """Hidden positions that a combination of the equations gives exactly.

    A hidden value is determined when its unit vector lies in the row space of the
    equations over the hidden values (e.g. a column total equal to the sum of two row
    totals that the grand total already fixes). Gaussian elimination over the rationals.
    """
    hidden = sorted(
        {pos for m, t in table.equations for pos in [*m, t] if table.at(pos).suppressed}
    )
    if not hidden:
        return set()
    index = {pos: k for k, pos in enumerate(hidden)}
    rows = []
    for members, total in table.equations:
        row = [Fraction(0)] * len(hidden)
        for a, pos in [(1, m) for m in members] + [(-1, total)]:
            if pos in index:
                row[index[pos]] += a
        if any(row):
            rows.append(row)
    pivots = []
    r = 0
    for c in range(len(hidden)):
        if r == len(rows):
            break
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        lead = rows[r][c]
        rows[r] = [v / lead for v in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append((r, c))
        r += 1
    return {
        hidden[c]
        for row_index, c in pivots
        if all(v == 0 for k, v in enumerate(rows[row_index]) if k != c)
    }


def _range_by_linear_programming(table: ProtectedTable) -> set[tuple[int, int]]:
    """Hidden positions whose every reading agrees, by the smallest and largest value each
    can take given every printed figure, every label and every equation at once.

    Bounds propagation and elimination miss inferences that combine several equations
    with the labels (a column and a row total fixing the sum of two "<5" cells at 2 gives
    both away). Linear programming finds them: the equations of a table and its totals
    form a totally unimodular system (each figure is in one row and one column equation;
    negate the totals' row and column equations and the signs split by row and column),
    so with whole-number bounds the smallest and largest values are whole numbers, the
    exact range a reader can work out. A value is pinned when that range is one number.
    """
    from scipy.optimize import linprog  # noqa: PLC0415 — heavy; only tables with hidden cells

    hidden = sorted(
        {pos for m, t in table.equations for pos in [*m, t] if table.at(pos).suppressed}
    )
    if not hidden:
        return set()
    index = {pos: k for k, pos in enumerate(hidden)}
    matrix, constants = [], []
    for members, total in table.equations:
        row, constant = [0] * len(hidden), 0
        for a, pos in [(1, m) for m in members] + [(-1, total)]:
            if pos in index:
                row[index[pos]] += a
            else:
                constant -= a * table.at(pos).value
        if any(row):
            matrix.append(row)
            constants.append(constant)
    bounds = [BOUNDS[table.at(pos).suppressed] for pos in hidden]
    truth = [table.at(pos).value for pos in hidden]
    undecided = set(range(len(hidden)))

    def settle(objective: list[int], alone: int | None = None) -> None:
        """Drop every position the optimum of ``objective`` moves off its true value."""
        result = linprog(objective, A_eq=matrix, b_eq=constants, bounds=bounds, method="highs")
        if result.status == 3:  # unbounded: some value can grow without limit
            if alone is not None:
                undecided.discard(alone)
            return
        if result.status != 0:
            raise RuntimeError(f"suppression check failed: {result.message}")
        for k in list(undecided):
            if abs(result.x[k] - truth[k]) > 0.5:
                undecided.discard(k)

    # Two solves settle most positions at once; the rest are checked one by one.
    settle([-1] * len(hidden))
    settle([1] * len(hidden))
    for k in sorted(undecided):
        for direction in (-1, 1):
            if k in undecided:
                settle([direction if i == k else 0 for i in range(len(hidden))], alone=k)
    return {hidden[k] for k in undecided}


def _pinned_positions(table: ProtectedTable) -> list[tuple[int, int]]:
    pinned = {
        pos for pos, (lo, hi) in _propagated_bounds(table).items() if hi is not None and lo >= hi
    }
    pinned |= _determined_by_equations(table)
    if not pinned:
        # The quick checks above find most cases; this one is exact.
        pinned = _range_by_linear_programming(table)
    return sorted(pinned)


def _hide_one_more(table: ProtectedTable, members, total) -> bool:
    candidates = [pos for pos in members if not table.at(pos).suppressed and table.at(pos).value]
    if candidates:
        smallest = min(candidates, key=lambda pos: (table.at(pos).value, pos))
        table.at(smallest).suppressed = SECONDARY
        return True
    total_cell = table.at(total)
    if not total_cell.suppressed and total_cell.value:
        total_cell.suppressed = SECONDARY
        return True
    return False


def _relabel_one(table: ProtectedTable, positions) -> bool:
    for pos in positions:
        if table.at(pos).suppressed == PRIMARY:
            table.at(pos).suppressed = SECONDARY
            return True
    return False


def protect_table(rows: list[list[int]]) -> ProtectedTable:
    """Suppress a table of counts together with its row, column and grand totals.

    A one-column table has no separate row totals (each row's total is its cell).
    """
    if not rows:
        return ProtectedTable([], [], [], Cell(0))
    width = len(rows[0])
    cells = [[Cell(int(v)) for v in row] for row in rows]
    row_totals = [Cell(sum(row)) for row in rows] if width > 1 else [row[0] for row in cells]
    column_totals = [Cell(sum(row[j] for row in rows)) for j in range(width)]
    grand_total = Cell(sum(sum(row) for row in rows))
    height = len(rows)
    equations = []
    if width > 1:
        equations += [([(i, j) for j in range(width)], (i, width)) for i in range(height + 1)]
    equations += [
        ([(i, j) for i in range(height)], (height, j))
        for j in range(width if width == 1 else width + 1)
    ]
    if width == 1:
        # The grand total is the single column's total.
        grand_total = column_totals[0]
    table = ProtectedTable(cells, row_totals, column_totals, grand_total, equations)

    _suppress(table)
    return table


def _suppress(table: ProtectedTable) -> None:
    """Primary and secondary suppression of one table, from its current labels on.

    Run again after a cell was hidden from outside (``protect_related``): the labels it
    finds stay, small counts not yet hidden are hidden, and the secondary steps go on.
    """
    equations = table.equations
    every_cell = {id(table.at(pos)): table.at(pos) for m, t in equations for pos in [*m, t]}
    for cell in every_cell.values():
        if is_small(cell.value) and not cell.suppressed:
            cell.suppressed = PRIMARY
    changed = True
    while changed:
        changed = False
        for members, total in equations:
            hidden = [pos for pos in [*members, total] if table.at(pos).suppressed]
            if len(hidden) == 1:
                changed = _hide_one_more(table, members, total) or changed
        if changed:
            continue
        for pos in _pinned_positions(table):
            around = [(m, t) for m, t in equations if pos in m or pos == t]
            if any(_hide_one_more(table, m, t) for m, t in around):
                changed = True
            elif any(_relabel_one(table, [t, *m]) for m, t in around):
                # Everything is hidden and the "<5" labels alone give the values away
                # (four "<5" adding up to a "<5"): print one of them as "n.p." instead.
                changed = True
            if changed:
                break
    _hide_around_pinned(table)


def _hide_around_pinned(table: ProtectedTable) -> None:
    """Last resort when the steps above leave a value that can still be worked out.

    In widening circles until nothing is pinned: every member and total of the equations
    through a pinned value; then every total; then every non-zero figure. Hidden figures
    print as "n.p.", which promises only "not zero". It costs published figures, never a
    child's privacy.
    """
    positions = {pos for members, total in table.equations for pos in [*members, total]}
    rows, columns = len(table.cells), len(table.column_totals)
    totals = {pos for pos in positions if pos[0] == rows or pos[1] == columns}
    for _ in range(len(positions) + 3):
        pinned = _pinned_positions(table)
        if not pinned:
            return
        around = {
            other
            for members, total in table.equations
            if any(pos in members or pos == total for pos in pinned)
            for other in [*members, total]
        }
        for circle in (around, around | totals, positions):
            hidden = [pos for pos in circle if _hide_as_not_published(table.at(pos))]
            if hidden:
                break


def _hide_as_not_published(cell: Cell) -> bool:
    if cell.value and cell.suppressed != SECONDARY:
        cell.suppressed = SECONDARY
        return True
    return False


def protect_counts(values: list[int]) -> ProtectedTable:
    """A single column of counts (one per partnership) and its Territory total."""
    return protect_table([[v] for v in values])


def protect_value(value: int) -> Cell:
    """A figure printed on its own, with no totals around it."""
    return Cell(value, PRIMARY if is_small(value) else None)


# --- Tables published together ----------------------------------------------------------

# A figure of one of several tables: (table index, position in that table).
Ref = tuple[int, tuple[int, int]]


def _positions(table: ProtectedTable) -> set[tuple[int, int]]:
    return {pos for members, total in table.equations for pos in [*members, total]}


def _value_of(tables: list[ProtectedTable], ref: Ref) -> Cell:
    return tables[ref[0]].at(ref[1])


def pinned_across(tables: list[ProtectedTable], at_most: list[tuple[Ref, Ref]]) -> list[Ref]:
    """Hidden figures a reader of every table at once can work out exactly.

    The reader has every printed figure, every label, every table's equations and the
    known relations between tables (``at_most``: pairs (a, b) with a ≤ b, such as "overdue
    at quarter end" ≤ "not seen throughout the quarter" in each community). Two linear
    programmes per figure give its smallest and largest value. With the relations the
    system is no longer totally unimodular, so a bound may be fractional: the whole
    numbers inside it are what the reader can claim, and a figure is pinned when only its
    true value is left.
    """
    from scipy.optimize import linprog  # noqa: PLC0415 — heavy; only tables with hidden cells

    hidden = sorted(
        (k, pos)
        for k, table in enumerate(tables)
        for pos in _positions(table)
        if table.at(pos).suppressed
    )
    if not hidden:
        return []
    index = {ref: i for i, ref in enumerate(hidden)}

    def row_of(terms: list[tuple[int, Ref]]) -> tuple[list[int], int]:
        row, constant = [0] * len(hidden), 0
        for a, ref in terms:
            if ref in index:
                row[index[ref]] += a
            else:
                constant -= a * _value_of(tables, ref).value
        return row, constant

    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    for k, table in enumerate(tables):
        for members, total in table.equations:
            row, constant = row_of([(1, (k, m)) for m in members] + [(-1, (k, total))])
            if any(row):
                a_eq.append(row)
                b_eq.append(constant)
    for small, large in at_most:
        row, constant = row_of([(1, small), (-1, large)])
        if any(row):
            a_ub.append(row)
            b_ub.append(constant)
    bounds = [BOUNDS[_value_of(tables, ref).suppressed or PRIMARY] for ref in hidden]
    truth = [_value_of(tables, ref).value for ref in hidden]
    undecided = set(range(len(hidden)))

    def settle(objective: list[int], alone: int | None = None) -> None:
        result = linprog(
            objective,
            A_eq=a_eq or None,
            b_eq=b_eq or None,
            A_ub=a_ub or None,
            b_ub=b_ub or None,
            bounds=bounds,
            method="highs",
        )
        if result.status == 3:
            if alone is not None:
                undecided.discard(alone)
            return
        if result.status != 0:
            raise RuntimeError(f"suppression check failed: {result.message}")
        for k in list(undecided):
            # Off the true value by at least one whole number.
            if abs(result.x[k] - truth[k]) >= 1 - 1e-6:
                undecided.discard(k)

    settle([-1] * len(hidden))
    settle([1] * len(hidden))
    for k in sorted(undecided):
        for direction in (-1, 1):
            if k in undecided:
                settle([direction if i == k else 0 for i in range(len(hidden))], alone=k)
    return [hidden[k] for k in sorted(undecided)]


def protect_related(
    rows_of_tables: list[list[list[int]]], at_most: list[tuple[Ref, Ref]]
) -> list[ProtectedTable]:
    """Suppress tables that are published together and related by ``at_most`` (a ≤ b).

    Each table is protected on its own first; then, while the tables together still give
    a hidden figure away, more is hidden in widening circles: the published figures it is
    related to in the other tables, then every figure of the equations through it, then
    every non-zero figure of the tables involved. Each step re-runs the tables' own
    suppression, so every table stays safe on its own as well.
    """
    tables = [protect_table(rows) for rows in rows_of_tables]
    total = sum(len(_positions(table)) for table in tables)
    for _ in range(total + 3):
        pinned = pinned_across(tables, at_most)
        if not pinned:
            return tables
        related = {
            other
            for ref in pinned
            for small, large in at_most
            if ref in (small, large)
            for other in (small, large)
        }
        around = {
            (k, other)
            for k, pos in pinned
            for members, total_pos in tables[k].equations
            if pos in members or pos == total_pos
            for other in [*members, total_pos]
        }
        involved = {k for k, _pos in pinned} | {k for k, _pos in related}
        everything = {(k, pos) for k in involved for pos in _positions(tables[k])}
        for circle in (related, related | around, everything):
            if [ref for ref in sorted(circle) if _hide_as_not_published(_value_of(tables, ref))]:
                break
        else:
            # Nothing left to hide: every non-zero figure already is.
            return tables
        for table in tables:
            _suppress(table)
    return tables

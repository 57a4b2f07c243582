"""A reader who bounds each hidden report figure with two linear programmes, written apart
from the protection code (oversight.suppression): what the suppression tests attack with."""

import math

from scipy.optimize import linprog


def pinned_figures(names, bounds, equalities, inequalities):
    """[(name, value)] of the hidden figures left with a single possible whole value.

    ``equalities`` and ``inequalities`` hold (row, constant): row · x = constant, and
    row · x ≤ constant, over the hidden figures in the order of ``names``."""
    a_eq = [r for r, _ in equalities] or None
    b_eq = [c for _, c in equalities] or None
    a_ub = [r for r, _ in inequalities] or None
    b_ub = [c for _, c in inequalities] or None
    pinned = []
    for k, name in enumerate(names):
        ends = []
        for direction in (1, -1):
            objective = [0] * len(names)
            objective[k] = direction
            result = linprog(
                objective, A_eq=a_eq, b_eq=b_eq, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs"
            )
            assert result.status in (0, 3), result.message
            ends.append(None if result.status == 3 else result.x[k])
        low, high = ends
        if high is not None and math.ceil(low - 1e-6) == math.floor(high + 1e-6):
            pinned.append((name, math.ceil(low - 1e-6)))
    return pinned

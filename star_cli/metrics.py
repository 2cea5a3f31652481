"""Selection estimators over N candidates per problem: pass@k, majority@k (plain and weighted)
and Best-of-k, each the expectation over the k-subsets of the N candidates.

- `pass_at_k(n, c, k)`: the unbiased 1 - C(n-c,k)/C(n,k), as a stable product.
- `best_of_k(scores, correct, k)`: V-STaR's closed form. With the candidates sorted by
  descending score, the best of a random k-subset is the i-th with probability
  C(N-i-1, k-1)/C(N,k). Tied scores are broken at random: a block of tied candidates at
  sorted positions [a, b) holds the subset's best with probability (C(N-a,k) - C(N-b,k))/C(N,k)
  (nothing above it drawn, something of it drawn), and then each of its drawn members is the
  pick alike, so the block counts with the mean correctness of its members. That is the same
  as replacing the block's alphas by their mean in the paper's sum (exact, not an
  approximation: tests check it against enumeration).
- `majority_at_k(answers, correct, k, equal=...)`: answers are grouped once per problem by
  `equal` (`group_answers`); in a k-subset the group with the most members wins (with
  `weights`: the largest sum of its members' weights, a weight being >= 0). A tie between
  groups counts as the average of the tied groups, and a winning group counts with the share
  of its drawn members that are correct (all or none, unless equal answers were judged
  differently). A null answer never votes: a subset whose answers are all null scores 0.
  Weighted sums within a relative TIE (1e-6) of the largest tie, so float rounding never
  decides a vote. Exact for k = 1 and k = 2 (closed forms) and wherever C(N,k) <=
  `exact_limit` (default `draws`: enumerating is then no dearer than sampling); otherwise the
  mean over `draws` seeded random subsets, with a 95% interval (normal, from the draws'
  variance). Unweighted, a winning group counts with its correctness over all its members:
  given the subset's group counts, which members were drawn is uniform, so this is the same
  expectation with less variance.

Everything here is pure: plain Python with exact integers for the closed forms, numpy (imported
inside the functions) for the batched forms `star select` uses on many problems at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from fractions import Fraction
from typing import Any, NamedTuple

Z95 = 1.959963984540054  # the standard normal's 97.5% quantile
DRAWS = 1000  # random subsets per problem and k when enumerating them all is too costly
TIE = 1e-6  # weighted sums within this relative distance of the largest tie (float32 sums)
_BLOCK = 2_000_000  # elements of one (problems x groups x rows) block of the batched form


class Estimate(NamedTuple):
    """A metric's value; `low`/`high` bound its 95% interval (equal to it when exact)."""

    value: float
    low: float
    high: float
    exact: bool
    draws: int = 0  # random subsets behind a sampled value (0: exact)


def _check_k(n: int, k: int) -> None:
    if n < 1:
        raise ValueError("no candidates")
    if not 1 <= k <= n:
        raise ValueError(f"k must be in 1..{n} (the number of candidates), got {k}")


def pass_at_k(n: int, c: int, k: int) -> float:
    """The chance that a random k of n candidates, c of them correct, holds a correct one:
    1 - C(n-c,k)/C(n,k), computed as 1 - prod_{i=n-c+1}^{n} (1 - k/i)."""
    _check_k(n, k)
    if not 0 <= c <= n:
        raise ValueError(f"c must be in 0..{n}, got {c}")
    if n - c < k:
        return 1.0
    prod = 1.0
    for i in range(n - c + 1, n + 1):
        prod *= 1.0 - k / i
    return 1.0 - prod


def best_of_k(scores: Sequence[float], correct: Sequence[bool], k: int) -> float:
    """The chance that the highest-scored of a random k of the candidates is correct (ties
    broken at random): (1/C(N,k)) sum over tied blocks [a, b) of the descending order of
    (C(N-a,k) - C(N-b,k)) * (correct in the block) / (b - a), in exact arithmetic."""
    n = len(scores)
    if len(correct) != n:
        raise ValueError("scores and correct differ in length")
    _check_k(n, k)
    if any(math.isnan(s) for s in scores):
        raise ValueError("a score is NaN")
    order = sorted(range(n), key=lambda i: -scores[i])
    total = Fraction(0)
    a = 0
    while a < n:
        b = a + 1
        while b < n and scores[order[b]] == scores[order[a]]:
            b += 1
        hits = sum(bool(correct[order[i]]) for i in range(a, b))
        if hits:
            total += Fraction((math.comb(n - a, k) - math.comb(n - b, k)) * hits, b - a)
        a = b
    return float(total / math.comb(n, k))


def group_answers(answers: Sequence[Hashable | None],
                  equal: Callable[[Any, Any], bool] | None = None) -> list[int | None]:
    """Each answer's group, numbered in order of first appearance (None for a null answer).
    An answer joins the first group whose first answer is `equal(first, answer)`; identical
    answers are one group without asking `equal`, which is called at most once per distinct
    answer and group."""
    labels: list[int | None] = []
    firsts: list[Any] = []
    seen: dict[Any, int] = {}
    for a in answers:
        if a is None:
            labels.append(None)
            continue
        g = seen.get(a)
        if g is None:
            if equal is not None:
                g = next((j for j, f in enumerate(firsts) if equal(f, a)), None)
            if g is None:
                g = len(firsts)
                firsts.append(a)
            seen[a] = g
        labels.append(g)
    return labels


def exp_weights(scores: Sequence[float]) -> list[float]:
    """Log-weights (log-likelihoods) as weights: exp(s - max s), so a vote weighs as the
    verifier's likelihood of its candidate relative to the problem's best (a shift common to
    all candidates changes no vote). Far below the best (> ~700 nats) a weight is 0."""
    top = max(scores)
    return [math.exp(s - top) for s in scores]


def majority_estimate(answers: Sequence[Hashable | None], correct: Sequence[bool], k: int,
                      equal: Callable[[Any, Any], bool] | None = None,
                      weights: Sequence[float] | None = None, *, draws: int = DRAWS,
                      seed: int = 0, exact_limit: int | None = None) -> Estimate:
    """majority@k (weighted majority@k with `weights`) of one problem, with its interval."""
    import numpy as np

    n = len(answers)
    if len(correct) != n or (weights is not None and len(weights) != n):
        raise ValueError("answers, correct and weights differ in length")
    _check_k(n, k)
    labels = np.array([[-1 if g is None else g for g in group_answers(answers, equal)]])
    w = None
    if weights is not None:
        w = np.asarray([weights], dtype=np.float64)
        if not np.all(np.isfinite(w)) or np.any(w < 0):
            raise ValueError("weights must be finite and non-negative (see exp_weights)")
    out = majority_batch(labels, np.asarray([correct], dtype=bool), [k], weights=w,
                         draws=draws, rng=np.random.default_rng(seed), exact_limit=exact_limit)
    res = out[k]
    value, var = (res.weighted, res.weighted_var) if w is not None else (res.plain, res.plain_var)
    return interval(float(value[0]), float(var[0]), res.exact, 0 if res.exact else draws)


def majority_at_k(answers: Sequence[Hashable | None], correct: Sequence[bool], k: int,
                  equal: Callable[[Any, Any], bool] | None = None,
                  weights: Sequence[float] | None = None, *, draws: int = DRAWS,
                  seed: int = 0, exact_limit: int | None = None) -> float:
    """majority@k of one problem (see the module's doc); `majority_estimate` for the
    interval of a sampled value."""
    return majority_estimate(answers, correct, k, equal, weights, draws=draws, seed=seed,
                             exact_limit=exact_limit).value


def weighted_majority_at_k(answers: Sequence[Hashable | None], correct: Sequence[bool],
                           weights: Sequence[float], k: int,
                           equal: Callable[[Any, Any], bool] | None = None, *,
                           draws: int = DRAWS, seed: int = 0,
                           exact_limit: int | None = None) -> float:
    """Weighted majority@k: a group's vote is the sum of its drawn members' weights."""
    return majority_at_k(answers, correct, k, equal, weights, draws=draws, seed=seed,
                         exact_limit=exact_limit)


def interval(value: float, var: float, exact: bool, draws: int = 0) -> Estimate:
    half = Z95 * math.sqrt(max(var, 0.0))
    return Estimate(value, max(0.0, value - half), min(1.0, value + half), exact, draws)


def default_ks(n: int) -> list[int]:
    """1, 2, 4, ... below n, and n."""
    ks, k = [], 1
    while k < n:
        ks.append(k)
        k *= 2
    return [*ks, n]


# -- the batched forms: many problems with the same N at once (numpy) -------------------------

class MajorityRows(NamedTuple):
    """Per problem of a batch, at one k: the estimates and the variances of the estimates
    (0 when exact) of majority@k and weighted majority@k (None without weights)."""

    plain: Any
    plain_var: Any
    weighted: Any
    weighted_var: Any
    exact: bool


_SUBSETS: dict[tuple[int, int], Any] = {}


def _all_subsets(n: int, k: int) -> Any:
    """The membership matrix (C(n,k) x n) of every k-subset of n, cached."""
    import itertools

    import numpy as np

    key = (n, k)
    if key not in _SUBSETS:
        rows = np.zeros((math.comb(n, k), n), dtype=np.float64)
        for r, subset in enumerate(itertools.combinations(range(n), k)):
            rows[r, list(subset)] = 1.0
        if len(_SUBSETS) > 64:
            _SUBSETS.clear()
        _SUBSETS[key] = rows
    return _SUBSETS[key]


def majority_batch(labels: Any, correct: Any, ks: Sequence[int], *, weights: Any = None,
                   draws: int = DRAWS, rng: Any = None,
                   exact_limit: int | None = None) -> dict[int, MajorityRows]:
    """majority@k (and weighted majority@k) of B problems of N candidates each.

    `labels` (B, N): each candidate's answer group (-1: a null answer); `correct` (B, N);
    `weights` (B, N), non-negative, or None. k = 1 and k = 2 have closed forms; for any
    other k the subsets are every k-subset (C(N,k) <= exact_limit, default `draws`: no
    dearer than sampling) or `draws` random ones: the first k of random permutations, one
    set of permutations for the whole batch with each problem's candidates shuffled apart,
    so that each problem's draws are independent and uniform, and uncorrelated with any
    other problem's. The groups' counts (packed, several groups to a float) and weight sums
    over every subset are one matrix product: subsets (N x rows) by candidates (problems x N).
    """
    import numpy as np

    rng = rng if rng is not None else np.random.default_rng(0)
    exact_limit = draws if exact_limit is None else exact_limit
    labels = np.asarray(labels)
    b_all, n = labels.shape
    for k in ks:
        _check_k(n, k)
    correct = np.asarray(correct, dtype=np.float64)
    weighted = weights is not None
    if weighted:
        weights = np.asarray(weights, dtype=np.float64)
    # Shuffle each problem's candidates: the shared subsets then draw independently for each.
    shuffle = np.argsort(rng.random((b_all, n)), axis=1)
    labels = np.take_along_axis(labels, shuffle, axis=1)
    correct = np.take_along_axis(correct, shuffle, axis=1)
    if weighted:
        weights = np.take_along_axis(weights, shuffle, axis=1)
    groups = max(int(labels.max()) + 1, 1)
    onehot = (labels[:, :, None] == np.arange(groups)).astype(np.float64)  # (B, N, G)
    members = onehot.sum(axis=1)
    cg = (onehot * correct[:, :, None]).sum(axis=1) / np.maximum(members, 1)  # (B, G)
    answered = labels >= 0

    result: dict[int, MajorityRows] = {}
    zeros = np.zeros(b_all)
    if 1 in ks:  # one candidate: its answer wins if it has one
        value = (answered * correct).mean(axis=1)
        result[1] = MajorityRows(value, zeros, value if weighted else None,
                                 zeros if weighted else None, True)
    if 2 in ks and n >= 2:
        plain, wmaj = _pairs(labels, correct, weights)
        result[2] = MajorityRows(plain, zeros, wmaj, zeros if weighted else None, True)
    rest = [k for k in ks if k not in result]
    if not rest:
        return result

    blocks: list[tuple[int, Any, bool]] = []
    ranks = None
    for k in rest:
        if math.comb(n, k) <= exact_limit:
            blocks.append((k, _all_subsets(n, k), True))
        else:
            if ranks is None:
                ranks = np.argsort(np.argsort(rng.random((draws, n)), axis=1), axis=1)
            blocks.append((k, (ranks < k).astype(np.float64), False))
    subsets_t = np.ascontiguousarray(np.vstack([m for _, m, _ in blocks]).T)  # (N, rows)
    n_rows = subsets_t.shape[1]

    # Group counts packed `per` to a float64 column, `bits` bits each (exact below 2**53).
    bits = max(rest).bit_length()
    per = max(1, 52 // bits)
    words = -(-groups // per)
    place = np.arange(groups)
    scale = np.exp2((bits * (place % per)).astype(np.float64))
    packed = np.zeros((b_all, n, words))
    for w in range(words):
        sel = place // per == w
        packed[:, :, w] = (onehot[:, :, sel] * scale[sel]).sum(axis=2)
    packed = np.ascontiguousarray(packed.transpose(0, 2, 1))  # (B, words, N)
    mixed = weighted and bool(np.any((cg > 0) & (cg < 1)))
    if weighted:
        # Weight sums in float32 (twice the speed; a vote within TIE of the top ties).
        parts = [onehot * weights[:, :, None]]
        if mixed:  # a group judged differently counts with its drawn members' share
            parts.append(onehot * correct[:, :, None])
        wcols = np.ascontiguousarray(
            np.concatenate(parts, axis=2).transpose(0, 2, 1), dtype=np.float32)
        subsets32 = subsets_t.astype(np.float32)
        positive = bool(np.all(weights > 0))

    acc: dict[int, list[list[Any]]] = {k: [[], [], [], []] for k, _, _ in blocks}
    step = max(1, _BLOCK // max(1, n_rows * groups))
    for lo in range(0, b_all, step):
        hi = min(b_all, lo + step)
        y = (packed[lo:hi].reshape(-1, n) @ subsets_t).reshape(hi - lo, words, n_rows)
        cnt = _unpack(y, groups, per, bits)  # (b, G, rows)
        plain, top = _plain(cnt, cg[lo:hi])
        wmaj = None
        if weighted:
            c = wcols.shape[1]
            yw = (wcols[lo:hi].reshape(-1, n) @ subsets32).reshape(hi - lo, c, n_rows)
            corr = yw[:, groups:] if mixed else None
            wmaj = _weighted(cnt, yw[:, :groups], corr, cg[lo:hi], top > 0, positive)
        start = 0
        for k, m, exact in blocks:
            part = slice(start, start + len(m))
            start += len(m)
            a = acc[k]
            a[0].append(plain[:, part].mean(axis=1))
            a[1].append(_var(plain[:, part], exact))
            if wmaj is not None:
                a[2].append(wmaj[:, part].mean(axis=1))
                a[3].append(_var(wmaj[:, part], exact))
    for k, _, exact in blocks:
        cat = [np.concatenate(v) if v else None for v in acc[k]]
        result[k] = MajorityRows(cat[0], cat[1], cat[2], cat[3], exact)
    return result


def _pairs(labels: Any, correct: Any, weights: Any) -> tuple[Any, Any]:
    """k = 2 in closed form, over the C(N,2) pairs: two answers of one group, or of two
    tied groups, count their mean; one answer alone counts as itself; two nulls count 0."""
    import numpy as np

    b, n = labels.shape
    answered = labels >= 0
    a = answered.sum(axis=1)
    s = (answered * correct).sum(axis=1)
    pairs = n * (n - 1) / 2
    # Plain: both answered -> (c_i + c_j) / 2 (same group, or a 1-1 tie); one null -> the other.
    plain = ((a - 1) * s / 2 + (n - a) * s) / pairs
    if weights is None:
        return plain, None
    # Weighted: over ordered pairs, i's answer beats j's outright when they differ and
    # w_j < w_i (1 - TIE); otherwise the pair ties. A pair {i, j} of answers counts
    # c_i (1 + beats_ij - beats_ji) / 2 + c_j (1 + beats_ji - beats_ij) / 2.
    above = np.where(answered, weights * (1 - TIE), -np.inf)
    below = np.where(answered, weights, np.inf)
    beats = (below[:, None, :] < above[:, :, None]) & (labels[:, :, None] != labels[:, None, :])
    wins = beats.sum(axis=2) - beats.sum(axis=1)
    both = (answered * correct * ((a - 1)[:, None] + wins)).sum(axis=1) / 2
    return plain, (both + (n - a) * s) / pairs


def _unpack(packed: Any, groups: int, per: int, bits: int) -> Any:
    """(b, words, rows) packed counts -> (b, G, rows) counts."""
    import numpy as np

    ints = np.rint(packed).astype(np.int64)
    b, _, rows = packed.shape
    cnt = np.empty((b, groups, rows), dtype=np.int16)
    mask = (1 << bits) - 1
    for g in range(groups):
        cnt[:, g] = (ints[:, g // per] >> (bits * (g % per))) & mask
    return cnt


def _plain(cnt: Any, cg: Any) -> tuple[Any, Any]:
    """(b, rows): the mean correctness of each subset's largest groups (0: no answer)."""
    import numpy as np

    top = cnt.max(axis=1)
    win = cnt == top[:, None]
    wins = win.sum(axis=1)
    num = np.einsum("bgr,bg->br", win, cg)
    return np.where(top > 0, num / np.maximum(wins, 1), 0.0), top


def _weighted(cnt: Any, w: Any, corr: Any, cg: Any, any_answer: Any, positive: bool) -> Any:
    """(b, rows): the mean correctness of each subset's heaviest groups (0: no answer)."""
    import numpy as np

    if positive:  # every weight > 0: a drawn group weighs > 0, an absent one exactly 0
        top = w.max(axis=1)
        win = w >= (top - TIE * top)[:, None]
        win &= w > 0
    else:
        present = cnt > 0
        wp = np.where(present, w, -np.inf)
        top = wp.max(axis=1)
        win = present & (wp >= (top - TIE * np.abs(top))[:, None])
    wins = win.sum(axis=1)
    if corr is None:
        num = np.einsum("bgr,bg->br", win, cg)
    else:
        num = (win * (corr.astype(np.float64) / np.maximum(cnt, 1))).sum(axis=1)
    return np.where(any_answer, num / np.maximum(wins, 1), 0.0)


def _var(value: Any, exact: bool) -> Any:
    """The variance of the mean over the rows: 0 over every subset, else s^2 / draws."""
    import numpy as np

    if exact or value.shape[1] < 2:
        return np.zeros(value.shape[0])
    return value.var(axis=1, ddof=1) / value.shape[1]


def best_of_k_batch(scores: Any, correct: Any, ks: Sequence[int]) -> dict[int, Any]:
    """Best-of-k of B problems of N candidates each (ties averaged): {k: (B,)}."""
    import numpy as np

    scores = np.asarray(scores, dtype=np.float64)
    b, n = scores.shape
    order = np.argsort(-scores, axis=1, kind="stable")
    s = np.take_along_axis(scores, order, axis=1)
    alpha = np.take_along_axis(np.asarray(correct, dtype=np.float64), order, axis=1)
    idx = np.broadcast_to(np.arange(n), (b, n))
    new = np.ones((b, n), dtype=bool)
    new[:, 1:] = s[:, 1:] != s[:, :-1]
    start = np.maximum.accumulate(np.where(new, idx, 0), axis=1)  # a: the block's first
    last = np.ones((b, n), dtype=bool)
    last[:, :-1] = new[:, 1:]
    end = np.minimum.accumulate(np.where(last, idx + 1, n)[:, ::-1], axis=1)[:, ::-1]  # b
    out = {}
    for k in ks:
        _check_k(n, k)
        r = _ratios(n, k)  # r[m] = C(m,k)/C(n,k)
        w = (r[n - start] - r[n - end]) / (end - start)
        out[k] = (alpha * w).sum(axis=1)
    return out


def pass_at_k_batch(n: int, c: Any, ks: Sequence[int]) -> dict[int, Any]:
    """pass@k of problems of n candidates with c (array) correct: {k: array}."""
    import numpy as np

    c = np.asarray(c, dtype=np.int64)
    return {k: 1.0 - _ratios(n, k)[n - c] for k in ks}


class Summary:
    """The metrics averaged over problems, per k, accumulated batch by batch.

    Each batch is problems with the same number of candidates N; a k counts only the
    problems with N >= k. Metrics: `pass@k`, `majority@k`, `weighted_majority@k` (with
    weights) and `best_of_k:FIELD` for each score field.
    """

    def __init__(self, ks: Sequence[int], *, draws: int = DRAWS,
                 exact_limit: int | None = None) -> None:
        self.ks = sorted(set(ks))
        self.draws, self.exact_limit = draws, exact_limit
        # metric -> k -> [sum of estimates, sum of their variances, problems, all exact]
        self.acc: dict[str, dict[int, list[Any]]] = {}

    def _add(self, metric: str, k: int, values: Any, var: Any, exact: bool) -> None:
        slot = self.acc.setdefault(metric, {}).setdefault(k, [0.0, 0.0, 0, True])
        slot[0] += float(values.sum())
        slot[1] += float(var.sum()) if var is not None else 0.0
        slot[2] += len(values)
        slot[3] = slot[3] and exact

    def add(self, correct: Any, labels: Any, scores: dict[str, Any], weights: Any = None,
            rng: Any = None) -> None:
        """One batch: `correct`, `labels` (-1: null answer), each score and the weights,
        all (B, N)."""
        import numpy as np

        correct = np.asarray(correct, dtype=bool)
        b, n = correct.shape
        ks = [k for k in self.ks if k <= n]
        if not ks or b == 0:
            return
        for k, v in pass_at_k_batch(n, correct.sum(axis=1), ks).items():
            self._add("pass@k", k, v, None, True)
        maj = majority_batch(labels, correct, ks, weights=weights, draws=self.draws, rng=rng,
                             exact_limit=self.exact_limit)
        for k, r in maj.items():
            self._add("majority@k", k, r.plain, r.plain_var, r.exact)
            if r.weighted is not None:
                self._add("weighted_majority@k", k, r.weighted, r.weighted_var, r.exact)
        for field, values in scores.items():
            for k, v in best_of_k_batch(values, correct, ks).items():
                self._add(f"best_of_k:{field}", k, v, None, True)

    def rows(self) -> dict[str, list[dict[str, Any]]]:
        """metric -> one row per k: value, 95% interval, exact, problems."""
        out: dict[str, list[dict[str, Any]]] = {}
        for metric, per_k in self.acc.items():
            rows = []
            for k in sorted(per_k):
                total, var, count, exact = per_k[k]
                value = total / count
                est = interval(value, var / count**2, exact)
                rows.append({"k": k, "value": round(est.value, 6), "low": round(est.low, 6),
                             "high": round(est.high, 6), "exact": exact, "problems": count})
            out[metric] = rows
        return out


_RATIOS: dict[tuple[int, int], Any] = {}


def _ratios(n: int, k: int) -> Any:
    """C(m,k)/C(n,k) for m = 0..n, each correctly rounded from exact integers."""
    import numpy as np

    key = (n, k)
    if key not in _RATIOS:
        total = math.comb(n, k)
        _RATIOS[key] = np.array([math.comb(m, k) / total for m in range(n + 1)])
    return _RATIOS[key]


__all__ = [
    "DRAWS",
    "Estimate",
    "Summary",
    "best_of_k",
    "best_of_k_batch",
    "default_ks",
    "exp_weights",
    "group_answers",
    "majority_at_k",
    "majority_batch",
    "majority_estimate",
    "pass_at_k",
    "pass_at_k_batch",
    "weighted_majority_at_k",
]

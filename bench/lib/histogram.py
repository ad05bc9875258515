"""Quantiles from two readings of a Prometheus histogram (the server's own /metrics): what
was observed between them, interpolated linearly inside the bucket where the quantile falls."""


def quantile_from_buckets(before, after, q):
    """`before`, `after`: {le label: cumulative count}. Returns (quantile in the histogram's
    unit, or None when nothing was observed; inf past the last finite bucket, count)."""
    keys = sorted((float("inf") if k == "+Inf" else float(k), k) for k in after)
    counts = [(b, after[k] - before.get(k, 0.0)) for b, k in keys]
    total = counts[-1][1] if counts else 0
    if total <= 0:
        return None, 0
    want = q * total
    prev_b, prev_c = 0.0, 0.0
    for b, c in counts:
        if c >= want:
            if b == float("inf"):
                return float("inf"), total
            frac = (want - prev_c) / (c - prev_c) if c > prev_c else 1.0
            return prev_b + frac * (b - prev_b), total
        prev_b, prev_c = b, c
    return float("inf"), total

#!/usr/bin/env python3
"""An independent computation of the criteria statistics of PRODUCT.md section 8.3, for tests.

It shares no code with the runner: counts come from the raw counters at the window's edges (instant queries
of the plain series), ratings and thumbs from SQL as the superuser, the t quantile from numerically
integrating Student's density, the Wilson and Newcombe intervals from their textbook formulas.

  criteria-reference.py --prometheus URL --database URL --start EPOCH --end EPOCH --zone ZONE
                        [--tenant UUID] [--baseline-start EPOCH --baseline-end EPOCH]

prints one JSON object: per figure key {actual, n, ci_low, ci_high}, `themes` {id: {comments, negative,
negative_share}} from its own keyword match of the default themes; with a baseline window also
`versus` {success_rate_pct, avg_rating}: {difference, ci_low, ci_high} of window − baseline.
"""
import argparse
import json
import math
import subprocess
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

Z = 1.959964


def t_quantile(p, df):
    """The p-quantile of Student's t with df degrees of freedom: Simpson integration of the density and
    bisection."""
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)

    def cdf(x):
        steps = 4000
        h = x / steps
        total = 0.0
        for i in range(steps + 1):
            weight = 1 if i in (0, steps) else (4 if i % 2 else 2)
            total += weight * math.exp(log_c - (df + 1) / 2 * math.log1p((i * h) ** 2 / df))
        return 0.5 + total * h / 3

    low, high = 0.0, 1000.0
    for _ in range(80):
        middle = (low + high) / 2
        if cdf(middle) < p:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def wilson(k, n):
    if n <= 0:
        return None
    p = k / n
    denominator = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denominator
    half = Z / denominator * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return centre - half, centre + half


def mean_interval(values):
    n = len(values)
    if n < 2:
        return None
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = t_quantile(0.975, n - 1) * sd / math.sqrt(n)
    return mean - half, mean + half


def welch(a_mean, a_sd, a_n, b_mean, b_sd, b_n):
    va, vb = a_sd ** 2 / a_n, b_sd ** 2 / b_n
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (a_n - 1) + vb ** 2 / (b_n - 1))
    d = a_mean - b_mean
    half = t_quantile(0.975, df) * se
    return d - half, d + half


def quantile(q, buckets):
    """histogram_quantile's interpolation over cumulative (bound, count) pairs sorted by bound."""
    total = buckets[-1][1]
    if total <= 0:
        return None
    rank = q * total
    for index, (bound, count) in enumerate(buckets):
        if count >= rank:
            if math.isinf(bound):
                return buckets[-2][0]
            lower, below = (0.0, 0.0) if index == 0 else buckets[index - 1]
            return lower + (bound - lower) * (rank - below) / (count - below)
    return buckets[-2][0]


class Sources:
    def __init__(self, prometheus, database, tenant):
        self.prometheus = prometheus.rstrip("/")
        self.database = database
        self.tenant = tenant

    def instant(self, promql, at):
        url = self.prometheus + "/api/v1/query?" + urllib.parse.urlencode({"query": promql, "time": f"{at:.3f}"})
        with urllib.request.urlopen(url, timeout=60) as response:
            body = json.load(response)
        assert body["status"] == "success", body
        return [(r["metric"], float(r["value"][1])) for r in body["data"]["result"]]

    def selector(self):
        return f'{{tenant_id="{self.tenant}"}}' if self.tenant else ""

    def counters_before(self, at):
        """Successes and failures per tenant counted in samples before `at`."""
        out = {}
        for labels, value in self.instant(f"sum by (tenant_id, status) (enhancement_success_rate_total{self.selector()})",
                                          at - 0.001):
            out.setdefault(labels["tenant_id"], {})[labels["status"]] = value
        return out

    def counts(self, start, end):
        before, after = self.counters_before(start), self.counters_before(end)
        result = {}
        for tenant, statuses in after.items():
            result[tenant] = {s: v - before.get(tenant, {}).get(s, 0.0) for s, v in statuses.items()}
        return result

    def buckets(self, start, end):
        def at(t):
            return {labels["le"]: v for labels, v in
                    self.instant(f"sum by (le) (request_duration_seconds_bucket{self.selector()})", t - 0.001)}
        before, after = at(start), at(end)
        pairs = [(math.inf if le == "+Inf" else float(le), v - before.get(le, 0.0)) for le, v in after.items()]
        return sorted(pairs)

    def gauge_means(self, name, start, end):
        seconds = int(round(end - start))
        return {labels["tenant_id"]: v for labels, v in
                self.instant(f"avg_over_time({name}{self.selector()}[{seconds}s])", end - 0.001)}

    def sql(self, query):
        output = subprocess.run(["psql", self.database, "-At", "-c", query], check=True, capture_output=True, text=True)
        return [line.split("|") for line in output.stdout.splitlines() if line]

    def feedback(self, start, end):
        tenant = f" AND tenant_id = '{self.tenant}'" if self.tenant else ""
        rows = self.sql("SELECT feedback_type, rating_value FROM enhancement_feedback WHERE "
                        f"created_at >= to_timestamp({start}) AT TIME ZONE 'UTC' AND "
                        f"created_at < to_timestamp({end}) AT TIME ZONE 'UTC'{tenant}")
        ratings = [int(r[1]) for r in rows if r[0] == "rating" and r[1]]
        up = sum(1 for r in rows if r[0] == "thumbs_up")
        down = sum(1 for r in rows if r[0] == "thumbs_down")
        return ratings, up, down


def reduction(sources, start, end):
    counts = sources.counts(start, end)
    before = sources.gauge_means("resolution_time_before_enhancement", start, end)
    after = sources.gauge_means("resolution_time_after_enhancement", start, end)
    weights = {t: c.get("success", 0.0) for t, c in counts.items() if t in before and t in after}
    total = sum(weights.values())
    if total <= 0:
        return None
    b = sum(before[t] * w for t, w in weights.items()) / total
    a = sum(after[t] * w for t, w in weights.items()) / total
    return (b - a) / b * 100


def local_days(start, end, zone):
    day = datetime.fromtimestamp(start, zone).date()
    while True:
        begin = datetime(day.year, day.month, day.day, tzinfo=zone).timestamp()
        if begin >= end:
            return
        following = day + timedelta(days=1)
        yield begin, min(end, datetime(following.year, following.month, following.day, tzinfo=zone).timestamp())
        day = following


def window_figures(sources, start, end, zone):
    counts = sources.counts(start, end)
    success = sum(c.get("success", 0.0) for c in counts.values())
    failure = sum(c.get("failure", 0.0) for c in counts.values())
    n, k = round(success + failure), round(success)
    figures = {}
    interval = wilson(k, n)
    figures["success_rate_pct"] = {"actual": 100 * success / (success + failure) if n else None, "n": n,
                                   "ci_low": interval and interval[0] * 100, "ci_high": interval and interval[1] * 100,
                                   "k": k}
    buckets = sources.buckets(start, end)
    total = buckets[-1][1] if buckets else 0
    for q, key in ((0.5, "latency_p50_seconds"), (0.95, "latency_p95_seconds"), (0.99, "latency_p99_seconds")):
        if total <= 0:
            figures[key] = {"actual": None, "n": 0, "ci_low": None, "ci_high": None}
            continue
        half = Z * math.sqrt(total * q * (1 - q))
        low_rank, high_rank = max(0.0, total * q - half), min(total, total * q + half)
        figures[key] = {"actual": quantile(q, buckets), "n": total,
                        "ci_low": quantile(low_rank / total, buckets), "ci_high": quantile(high_rank / total, buckets)}
    ratings, up, down = sources.feedback(start, end)
    interval = mean_interval(ratings)
    figures["avg_rating"] = {"actual": sum(ratings) / len(ratings) if ratings else None, "n": len(ratings),
                             "ci_low": interval and interval[0], "ci_high": interval and interval[1],
                             "sd": statistics_sd(ratings)}
    interval = wilson(up, up + down)
    figures["positive_feedback_pct"] = {"actual": 100 * up / (up + down) if up + down else None, "n": up + down,
                                        "ci_low": interval and interval[0] * 100,
                                        "ci_high": interval and interval[1] * 100}
    actual = reduction(sources, start, end)
    daily = [value for value in (reduction(sources, b, e) for b, e in local_days(start, end, zone)) if value is not None]
    m = len(daily)
    if actual is None or m < 2:
        figures["resolution_time_reduction_pct"] = {"actual": actual, "n": m, "ci_low": None, "ci_high": None}
    else:
        mean = sum(daily) / m
        sd = math.sqrt(sum((v - mean) ** 2 for v in daily) / (m - 1))
        half = t_quantile(0.975, m - 1) * sd / math.sqrt(m)
        figures["resolution_time_reduction_pct"] = {"actual": actual, "n": m, "ci_low": actual - half,
                                                    "ci_high": actual + half}
    return figures


def statistics_sd(values):
    if len(values) < 2:
        return None
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


# The default themes of PRODUCT.md section 8.7, written here again from the specification.
THEMES = {
    "accuracy": ["wrong", "incorrect", "inaccurate", "outdated", "hallucinat"],
    "relevance": ["irrelevant", "not relevant", "unrelated", "generic"],
    "missing-context": ["missing", "no context", "lacks", "did not include", "didn't include"],
    "formatting": ["format", "hard to read", "too long", "verbose"],
    "latency": ["slow", "took too long", "timeout", "timed out"],
}


def starts_a_word(text, keyword):
    text = text.lower()
    position = text.find(keyword)
    while position >= 0:
        if position == 0 or not text[position - 1].isalnum():
            return True
        position = text.find(keyword, position + 1)
    return False


def themes(sources, start, end):
    """Per theme: comments, negative, negative_share over the in-product comments of [start, end)."""
    tenant = f" AND tenant_id = '{sources.tenant}'" if sources.tenant else ""
    rows = sources.sql("SELECT feedback_type, coalesce(rating_value, 0), replace(feedback_comment, E'\\n', ' ') "
                       "FROM enhancement_feedback WHERE feedback_comment IS NOT NULL AND feedback_comment <> '' AND "
                       f"created_at >= to_timestamp({start}) AT TIME ZONE 'UTC' AND "
                       f"created_at < to_timestamp({end}) AT TIME ZONE 'UTC'{tenant}")
    comments = [("|".join(r[2:]), r[0] == "thumbs_down" or (r[0] == "rating" and 1 <= int(r[1]) <= 2)) for r in rows]
    negative_total = sum(1 for _, negative in comments if negative)
    result = {}
    for theme, keywords in THEMES.items():
        matching = [(text, negative) for text, negative in comments if any(starts_a_word(text, k) for k in keywords)]
        negative = sum(1 for _, n in matching if n)
        result[theme] = {"comments": len(matching), "negative": negative,
                         "negative_share": negative / negative_total if negative_total else 0}
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--prometheus", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--start", type=float, required=True)
    parser.add_argument("--end", type=float, required=True)
    parser.add_argument("--zone", default="UTC")
    parser.add_argument("--tenant")
    parser.add_argument("--baseline-start", type=float)
    parser.add_argument("--baseline-end", type=float)
    args = parser.parse_args()
    zone = ZoneInfo(args.zone)
    sources = Sources(args.prometheus, args.database, args.tenant)
    figures = window_figures(sources, args.start, args.end, zone)
    figures["themes"] = themes(sources, args.start, args.end)
    if args.baseline_start is not None:
        base = window_figures(sources, args.baseline_start, args.baseline_end, zone)
        week, old = figures["success_rate_pct"], base["success_rate_pct"]
        p1, p2 = week["k"] / week["n"], old["k"] / old["n"]
        l1, u1 = wilson(week["k"], week["n"])
        l2, u2 = wilson(old["k"], old["n"])
        d = p1 - p2
        versus = {"success_rate_pct": {"difference": 100 * d,
                                       "ci_low": 100 * (d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)),
                                       "ci_high": 100 * (d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))}}
        a, b = figures["avg_rating"], base["avg_rating"]
        low, high = welch(a["actual"], a["sd"], a["n"], b["actual"], b["sd"], b["n"])
        versus["avg_rating"] = {"difference": a["actual"] - b["actual"], "ci_low": low, "ci_high": high}
        figures["versus"] = versus
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()

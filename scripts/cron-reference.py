#!/usr/bin/env python3
"""Independent reference for PRODUCT.md section 5, used by the differential cron test.

Generates random cron expressions together with their meaning (sets of values per field), picks start
times around DST transitions, and computes the next fire times by scanning instants with Python's
zoneinfo (system tzdata): a different algorithm, time-zone library and code base from the Swift one.

Prints JSON: [{"expression", "zone", "after", "horizon", "times": [unix seconds...]}].
Times are the first --count firings strictly after "after" and before "horizon".
"""
import argparse
import bisect
import json
import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

ZONES = ["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "America/Santiago",
         "Pacific/Chatham", "UTC", "Asia/Kolkata"]
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]


class Field:
    """A generated field: its text and its meaning."""
    def __init__(self, text, values, restricted=True, last=False, nth=()):
        self.text, self.values, self.restricted, self.last, self.nth = text, set(values), restricted, last, set(nth)


def gen_minute_like(rng, low, high, star_weight):
    r = rng.random()
    if r < star_weight:
        return Field("*", range(low, high + 1), restricted=False)
    kind = rng.choice(["step", "value", "range", "rangestep", "list", "from"])
    if kind == "step":
        n = rng.randint(1, (high - low + 1) // 2)
        return Field(f"*/{n}", range(low, high + 1, n))
    if kind == "value":
        v = rng.randint(low, high)
        return Field(str(v), [v])
    if kind == "range":
        a = rng.randint(low, high); b = rng.randint(a, high)
        return Field(f"{a}-{b}", range(a, b + 1))
    if kind == "rangestep":
        a = rng.randint(low, high); b = rng.randint(a, high); s = rng.randint(1, 10)
        return Field(f"{a}-{b}/{s}", range(a, b + 1, s))
    if kind == "from":
        a = rng.randint(low, high); s = rng.randint(1, 15)
        return Field(f"{a}/{s}", range(a, high + 1, s))
    values = sorted(rng.sample(range(low, high + 1), rng.randint(2, 4)))
    return Field(",".join(map(str, values)), values)


def gen_hour(rng):
    r = rng.random()
    if r < 0.2:
        return Field(rng.choice(["*", "*/1", "0-23"]), range(24))
    if r < 0.55:  # hours around DST transitions
        values = sorted(rng.sample([0, 1, 2, 3, 23], rng.randint(1, 2)))
        return Field(",".join(map(str, values)), values)
    return gen_minute_like(rng, 0, 23, 0.0)


def gen_dom(rng):
    r = rng.random()
    if r < 0.45:
        return Field(rng.choice(["*", "?"]), range(1, 32), restricted=False)
    if r < 0.55:
        return Field("L", [], last=True)
    if r < 0.62:
        v = rng.randint(1, 28)
        return Field(f"{v},L", [v], last=True)
    if r < 0.72:
        n = rng.randint(2, 10)
        return Field(f"*/{n}", range(1, 32, n))
    f = gen_minute_like(rng, 1, 31, 0.0)
    return f


def gen_month(rng):
    r = rng.random()
    if r < 0.75:
        return Field("*", range(1, 13), restricted=False)
    if r < 0.85:
        values = sorted(rng.sample(range(1, 13), rng.randint(1, 4)))
        return Field(",".join(MONTHS[v - 1].lower() if rng.random() < 0.5 else MONTHS[v - 1] for v in values), values)
    a = rng.randint(1, 12); b = rng.randint(a, 12)
    return Field(f"{a}-{b}", range(a, b + 1))


def gen_dow(rng):
    r = rng.random()
    if r < 0.5:
        return Field(rng.choice(["*", "?"]), range(7), restricted=False)
    if r < 0.6:
        d = rng.randint(0, 6); n = rng.randint(1, 5)
        name = DAYS[d] if rng.random() < 0.5 else str(d)
        return Field(f"{name}#{n}", [], nth=[(d, n)])
    if r < 0.7:
        return Field(rng.choice(["MON-FRI", "mon-fri", "1-5"]), range(1, 6))
    if r < 0.75:
        return Field("7", [0])
    if r < 0.8:
        a = rng.randint(0, 6); s = rng.randint(1, 3)
        return Field(f"{a}/{s}", range(a, 7, s))
    f = gen_minute_like(rng, 0, 6, 0.0)
    return f


def generate(rng):
    six = rng.random() < 0.2
    second = Field(rng.choice(["0", "*/15", "10,40", "5-7", "30"]), [0], False) if six else Field("0", [0])
    if six:
        second.values = {"0": {0}, "*/15": {0, 15, 30, 45}, "10,40": {10, 40}, "5-7": {5, 6, 7}, "30": {30}}[second.text]
    minute = gen_minute_like(rng, 0, 59, 0.15)
    hour, dom, month, dow = gen_hour(rng), gen_dom(rng), gen_month(rng), gen_dow(rng)
    fields = [second] if six else []
    fields += [minute, hour, dom, month, dow]
    return " ".join(f.text for f in fields), (second, minute, hour, dom, month, dow)


def days_in_month(y, m):
    return (datetime(y + (m == 12), m % 12 + 1, 1) - datetime(y, m, 1)).days


def day_matches(spec, d):
    _, _, _, dom, month, dow = spec
    if d.month not in month.values:
        return False
    dom_match = d.day in dom.values or (dom.last and d.day == days_in_month(d.year, d.month))
    weekday = (d.weekday() + 1) % 7
    dow_match = weekday in dow.values or (weekday, (d.day - 1) // 7 + 1) in dow.nth
    if dom.restricted and dow.restricted:
        return dom_match or dow_match
    return dom_match and dow_match


def is_interval_like(spec):
    return set(range(24)) <= spec[2].values


def transitions(zone, start, end):
    """(instant, offset before, offset after) for each offset change in [start, end)."""
    out = []
    t = start
    prev = datetime.fromtimestamp(t, zone).utcoffset()
    while t < end:
        t2 = t + 900
        off = datetime.fromtimestamp(t2, zone).utcoffset()
        if off != prev:
            lo, hi = t, t2  # the change happens in (lo, hi]
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if datetime.fromtimestamp(mid, zone).utcoffset() == prev:
                    lo = mid
                else:
                    hi = mid
            out.append((hi, int(prev.total_seconds()), int(off.total_seconds())))
            prev = off
        t = t2
    return out


def reference(spec, zone, after, horizon, count, changes):
    second, minute, hour = spec[0], spec[1], spec[2]
    interval = is_interval_like(spec)
    fires = set()
    change_instants = [c[0] for c in changes]

    def jump(t, minutes):
        """Advance up to `minutes`, but never past an offset change (so no wall-clock time is skipped)."""
        i = bisect.bisect_right(change_instants, t)
        limit = change_instants[i] if i < len(change_instants) else horizon
        return min(t + minutes * 60, max(limit, t + 60))

    # Spring-forward gaps: a time-of-day-like match inside fires once at the first instant after the gap.
    for instant, before, after_off in changes:
        if after_off > before and not interval and after < instant < horizon:
            local = datetime(1970, 1, 1) + timedelta(seconds=instant + before)
            end = datetime(1970, 1, 1) + timedelta(seconds=instant + after_off)
            while local < end:
                if day_matches(spec, local.date()) and local.hour in hour.values and local.minute in minute.values:
                    fires.add(instant)
                    break
                local += timedelta(minutes=1)
    t = (after // 60) * 60
    while t < horizon:
        local = datetime.fromtimestamp(t, zone)
        if len([f for f in fires if f <= t]) >= count:
            break
        if not day_matches(spec, local.date()) or local.hour not in hour.values:
            t = jump(t, 60 - local.minute)
            continue
        if local.minute in minute.values and (interval or local.fold == 0):
            for s in second.values:
                if after < t + s < horizon:
                    fires.add(t + s)
        t += 60
    return sorted(fires)[:count]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = []
    window_start = int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp())
    window_end = int(datetime(2028, 1, 1, tzinfo=timezone.utc).timestamp())
    zone_transitions = {name: transitions(ZoneInfo(name), window_start, window_end) for name in ZONES}
    all_changes = {name: transitions(ZoneInfo(name), window_start - 2 * 86400, window_end + 402 * 86400) for name in ZONES}
    for _ in range(args.cases):
        expression, spec = generate(rng)
        name = rng.choice(ZONES)
        zone = ZoneInfo(name)
        if zone_transitions[name] and rng.random() < 0.85:
            instant = rng.choice(zone_transitions[name])[0]
            after = instant + rng.randint(-3 * 86400, 86400)
        else:
            after = rng.randint(window_start, window_end)
        horizon = after + 400 * 86400
        changes = [c for c in all_changes[name] if after - 86400 <= c[0] < horizon]
        times = reference(spec, zone, after, horizon, args.count, changes)
        cases.append({"expression": expression, "zone": name, "after": after, "horizon": horizon, "times": times})
    print(json.dumps(cases))


if __name__ == "__main__":
    main()

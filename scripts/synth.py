#!/usr/bin/env python3
"""Synthetic platform data, deterministic from a seed: what the AI ticket-enhancement platform would
have produced over some days, for tests, the quick start and benchmarks.

Writes to --out:
  metrics.om     OpenMetrics for `promtool tsdb create-blocks-from openmetrics` (every metric of
                 PRODUCT.md section 2.1, one sample per --interval seconds, latency buckets above 60 s)
  platform.sql   the platform's tables (tenant_configs, enhancement_history, enhancement_feedback with its
                 RLS policy, read grants for the application role) and their rows
  manifest.json  tenants, planted anomalies with their windows, and the generator's own daily figures
                 (ground truth for tests)

Anomalies are planted with --plant KIND@START[+MINUTES][:TENANT_INDEX], START in UTC (2026-12-02T14:00), e.g.
  --plant scrape_gap@2026-12-02T14:00+40   --plant success_rate_drop@2026-12-03T15:00+60:0
Kinds: scrape_gap, stale_series, success_rate_drop, latency_breach, volume_drop (whole local day),
frozen_series, feedback_gap (whole local day).
"""
import argparse
import json
import math
import os
import random
import uuid
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

LATENCY_BUCKETS = [1, 2.5, 5, 10, 20, 30, 45, 60, 90, 120, 300]  # + +Inf
PROCESSING_BUCKETS = [1, 5, 10, 20, 30, 60, 120, 300]
COMMENTS_GOOD = ["Saved me a lot of research", "Spot on, found the KB article immediately", "Great summary of the ticket history",
                 "Accurate root cause suggestion", "Useful links to similar tickets"]
COMMENTS_BAD = ["Suggested fix did not apply to this client", "Missed the firewall context", "Too generic",
                "Pointed to an outdated runbook", "Wrong <vendor> & product"]
COMMENTS_SLOW = ["Took too long, I had already solved it", "Too slow to be useful today", "Timed out again"]


def parse_plant(text):
    kind, _, rest = text.partition("@")
    tenant = None
    if ":" in rest[16:]:
        rest, _, tenant_text = rest.rpartition(":")
        tenant = int(tenant_text)
    minutes = 60
    if "+" in rest:
        rest, _, minutes_text = rest.partition("+")
        minutes = int(minutes_text)
    start = datetime.fromisoformat(rest).replace(tzinfo=timezone.utc)
    return {"kind": kind, "start": start, "minutes": minutes, "tenant": tenant}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--tenants", type=int, default=3)
    p.add_argument("--days", type=int, default=8)
    p.add_argument("--end", default="2026-12-08", help="first local day NOT covered")
    p.add_argument("--zone", default="America/New_York")
    p.add_argument("--interval", type=int, default=15)
    p.add_argument("--scale", type=float, default=1.0, help="traffic multiplier")
    p.add_argument("--plant", action="append", default=[])
    p.add_argument("--out", required=True)
    args = p.parse_args()
    rng = random.Random(args.seed)
    zone = ZoneInfo(args.zone)
    end_day = date.fromisoformat(args.end)
    days = [end_day - timedelta(days=args.days - i) for i in range(args.days)]
    start = int(datetime(days[0].year, days[0].month, days[0].day, tzinfo=zone).timestamp())
    end = int(datetime(end_day.year, end_day.month, end_day.day, tzinfo=zone).timestamp())
    plants = [parse_plant(t) for t in args.plant]
    for plant in plants:
        plant["from"] = int(plant["start"].timestamp())
        plant["to"] = plant["from"] + plant["minutes"] * 60

    names = ["Acme Managed IT", "Northwind Support", "Globex Helpdesk", "Initech Services", "Umbrella NOC"]
    names += [f"Tenant {i + 1:03d}" for i in range(len(names), args.tenants)]
    tenants = [{"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "name": name} for name in names[:args.tenants]]

    def active(kind, t, tenant_index=None):
        for plant in plants:
            if plant["kind"] == kind and plant["from"] <= t < plant["to"] and (plant["tenant"] is None or plant["tenant"] == tenant_index):
                return True
        return False

    def local_day(t):
        return datetime.fromtimestamp(t, zone).date()

    def whole_day(kind, t, tenant_index):
        for plant in plants:
            if plant["kind"] == kind and local_day(plant["from"]) == local_day(t) and (plant["tenant"] in (None, tenant_index)):
                return True
        return False

    times = list(range(start, end, args.interval))
    # Per tenant and interval: requests, successes, failures, latency bucket counts, processing buckets.
    series = {}
    truth = {}
    history_rows = []
    feedback_rows = []
    for ti, tenant in enumerate(tenants):
        base = (0.9 + 0.3 * (ti % 5)) * args.scale
        lat_counts = [0] * (len(LATENCY_BUCKETS) + 1)
        proc_counts = [0] * (len(PROCESSING_BUCKETS) + 1)
        lat_sum = proc_sum = 0.0
        ok = fail = 0
        rows = {"req": [], "succ": [], "fail": [], "lat": [], "lat_sum": [], "lat_count": [], "proc": [], "proc_sum": [], "proc_count": [],
                "before": [], "after": []}
        before, after = 1800.0 + 120 * ti, 1250.0 + 80 * ti
        frozen_before = frozen_after = None
        for t in times:
            local = datetime.fromtimestamp(t, zone)
            hour = local.hour + local.minute / 60
            weekday = local.weekday() < 5
            diurnal = math.exp(-((hour - 13) ** 2) / 18) if weekday else 0.25 * math.exp(-((hour - 13) ** 2) / 30)
            rate = base * (0.05 + diurnal) * args.interval / 15
            if whole_day("volume_drop", t, ti):
                rate *= 0.3
            n = poisson(rng, rate)
            success_p = 0.82 if active("success_rate_drop", t, ti) else 0.985
            median = 95 if active("latency_breach", t, ti) else 18
            for _ in range(n):
                latency = rng.lognormvariate(math.log(median), 0.35)
                processing = latency * 0.8
                lat_sum += latency
                proc_sum += processing
                lat_counts[bucket_index(LATENCY_BUCKETS, latency)] += 1
                proc_counts[bucket_index(PROCESSING_BUCKETS, processing)] += 1
                created = t - latency
                if rng.random() < success_p:
                    ok += 1
                    status = "completed"
                else:
                    fail += 1
                    status = "failed"
                history_rows.append((str(uuid.UUID(int=rng.getrandbits(128), version=4)), tenant["id"], f"T-{ti}-{len(history_rows)}",
                                     status, created, t))
                day = local_day(t).isoformat()
                stats = truth.setdefault(tenant["id"], {}).setdefault(day, {"success": 0, "failure": 0, "ratings": [], "up": 0, "down": 0})
                stats["success" if status == "completed" else "failure"] += 1
                if status == "completed" and active("slow_comments", t, ti) and rng.random() < 0.3:
                    # A planted complaint: thumbs down saying the enhancement came too late.
                    given = t + rng.randint(60, 600)
                    if given < end:
                        truth.setdefault(tenant["id"], {}).setdefault(local_day(given).isoformat(), {
                            "success": 0, "failure": 0, "ratings": [], "up": 0, "down": 0})["down"] += 1
                        feedback_rows.append((tenant["id"], history_rows[-1][2], history_rows[-1][0],
                                              f"tech{rng.randint(1, 6)}@example.com", "thumbs_down", None,
                                              rng.choice(COMMENTS_SLOW), given))
                    continue
                if status == "completed" and rng.random() < 0.18:
                    kind = rng.choices(["rating", "thumbs_up", "thumbs_down"], [0.5, 0.35, 0.15])[0]
                    rating = None
                    comment = None
                    given = t + rng.randint(60, 3600)
                    if given >= end or whole_day("feedback_gap", given, ti):
                        continue
                    # Feedback counts on the day it was given, which may be the next one.
                    given_stats = truth.setdefault(tenant["id"], {}).setdefault(
                        local_day(given).isoformat(), {"success": 0, "failure": 0, "ratings": [], "up": 0, "down": 0})
                    if kind == "rating":
                        rating = rng.choices([1, 2, 3, 4, 5], [0.03, 0.05, 0.12, 0.4, 0.4])[0]
                        given_stats["ratings"].append(rating)
                    elif kind == "thumbs_up":
                        given_stats["up"] += 1
                    else:
                        given_stats["down"] += 1
                    if rng.random() < 0.3:
                        comment = rng.choice(COMMENTS_GOOD if kind != "thumbs_down" and (rating or 5) >= 4 else COMMENTS_BAD)
                    feedback_rows.append((tenant["id"], history_rows[-1][2], history_rows[-1][0], f"tech{rng.randint(1, 6)}@example.com",
                                          kind, rating, comment, given))
            if not active("frozen_series", t, ti):
                # Mean-reverting walks: research time drifts but stays around its level.
                before = max(600, before + 0.002 * (1800 + 120 * ti - before) + rng.gauss(0, 4))
                after = max(300, after + 0.002 * (1250 + 80 * ti - after) + rng.gauss(0, 3))
                frozen_before = frozen_after = None
            stale = active("stale_series", t, ti) or any(p["kind"] == "stale_series" and p["from"] <= t and p["tenant"] in (None, ti)
                                                           and p["minutes"] == 0 for p in plants)
            rows["req"].append((t, ok + fail))
            if not stale:
                rows["succ"].append((t, ok))
                rows["fail"].append((t, fail))
            rows["lat"].append((t, list(accumulate(lat_counts))))
            rows["lat_sum"].append((t, lat_sum))
            rows["lat_count"].append((t, ok + fail))
            rows["proc"].append((t, list(accumulate(proc_counts))))
            rows["proc_sum"].append((t, proc_sum))
            rows["proc_count"].append((t, ok + fail))
            rows["before"].append((t, round(before, 1)))
            rows["after"].append((t, round(after, 1)))
        series[tenant["id"]] = rows

    with open(os.path.join(args.out, "metrics.om"), "w") as out:
        write_histogram(out, "request_duration_seconds", LATENCY_BUCKETS, series, "lat")
        write_histogram(out, "enhancement_processing_time_seconds", PROCESSING_BUCKETS, series, "proc")
        out.write("# TYPE enhancement_success_rate counter\n")
        for tid, rows in series.items():
            for key, status in (("succ", "success"), ("fail", "failure")):
                for t, v in rows[key]:
                    out.write(f'enhancement_success_rate_total{{tenant_id="{tid}",status="{status}"}} {v} {t}\n')
        for name, key in (("resolution_time_before_enhancement", "before"), ("resolution_time_after_enhancement", "after")):
            out.write(f"# TYPE {name} gauge\n")
            for tid, rows in series.items():
                for t, v in rows[key]:
                    out.write(f'{name}{{tenant_id="{tid}"}} {v} {t}\n')
        out.write("# TYPE queue_depth_gauge gauge\n")
        depth = 5.0
        for t in times:
            if not active("frozen_series", t):
                depth = max(0, depth + rng.gauss(0, 1))
            out.write(f"queue_depth_gauge {round(depth)} {t}\n")
        # The runner's own series, as a serve replica would expose them (for the dashboard's runner row).
        out.write("# TYPE baseline_runner_job_runs counter\n")
        runs = 0
        for t in times:
            runs += 1
            out.write(f'baseline_runner_job_runs_total{{job="daily-data-quality",trigger="schedule",status="succeeded"}} {runs} {t}\n')
        out.write("# TYPE baseline_runner_firing_lateness_seconds histogram\n")
        for le in ("0.01", "0.05", "0.25", "+Inf"):
            for i, t in enumerate(times):
                out.write(f'baseline_runner_firing_lateness_seconds_bucket{{le="{le}"}} {i + 1} {t}\n')
        out.write("# TYPE baseline_runner_mail_deliveries counter\n")
        for i, t in enumerate(times):
            out.write(f'baseline_runner_mail_deliveries_total{{status="sent"}} {i // 60} {t}\n')
        out.write("# TYPE up gauge\n")
        for job in ("api", "worker"):
            for t in times:
                if not active("scrape_gap", t):
                    out.write(f'up{{job="{job}"}} 1 {t}\n')
        out.write("# EOF\n")

    with open(os.path.join(args.out, "platform.sql"), "w") as out:
        out.write(PLATFORM_SCHEMA)
        for tenant in tenants:
            out.write(f"INSERT INTO tenant_configs (id, name) VALUES ('{tenant['id']}', {sql(tenant['name'])});\n")
        for chunk in chunks(history_rows, 1000):
            out.write("INSERT INTO enhancement_history (id, tenant_id, ticket_id, status, created_at, completed_at) VALUES\n")
            out.write(",\n".join(f"('{r[0]}', '{r[1]}', '{r[2]}', '{r[3]}', to_timestamp({r[4]:.3f}), to_timestamp({r[5]}))" for r in chunk) + ";\n")
        for chunk in chunks(feedback_rows, 1000):
            out.write("INSERT INTO enhancement_feedback (tenant_id, ticket_id, enhancement_id, technician_email, feedback_type, "
                      "rating_value, feedback_comment, created_at) VALUES\n")
            out.write(",\n".join(f"('{r[0]}', '{r[1]}', '{r[2]}', '{r[3]}', '{r[4]}', {r[5] if r[5] else 'NULL'}, {sql(r[6])}, "
                                 f"to_timestamp({r[7]}) AT TIME ZONE 'UTC')" for r in chunk) + ";\n")

    manifest = {
        "seed": args.seed, "zone": args.zone, "interval": args.interval, "start": start, "end": end,
        "days": [d.isoformat() for d in days], "tenants": tenants,
        "anomalies": [{"kind": p["kind"], "tenant_id": tenants[p["tenant"]]["id"] if p["tenant"] is not None else None,
                       "start": p["from"], "end": p["to"]} for p in plants],
        "daily": {tid: {day: {"tickets": s["success"], "failures": s["failure"],
                              "success_rate_pct": 100 * s["success"] / (s["success"] + s["failure"]) if s["success"] + s["failure"] else None,
                              "rating_count": len(s["ratings"]), "avg_rating": sum(s["ratings"]) / len(s["ratings"]) if s["ratings"] else None,
                              "thumbs_up": s["up"], "thumbs_down": s["down"]}
                        for day, s in per_day.items()} for tid, per_day in truth.items()},
    }
    with open(os.path.join(args.out, "manifest.json"), "w") as out:
        json.dump(manifest, out, indent=1)


PLATFORM_SCHEMA = """
CREATE TABLE IF NOT EXISTS tenant_configs (id uuid PRIMARY KEY, name text);
CREATE TABLE IF NOT EXISTS enhancement_history (
    id uuid PRIMARY KEY, tenant_id uuid, ticket_id varchar(255), status varchar(50),
    created_at timestamptz, completed_at timestamptz);
CREATE TABLE IF NOT EXISTS enhancement_feedback (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(), tenant_id uuid NOT NULL, ticket_id varchar(255) NOT NULL,
    enhancement_id uuid, technician_email varchar(255), feedback_type varchar(50) NOT NULL,
    rating_value integer CHECK (rating_value BETWEEN 1 AND 5), feedback_comment text, created_at timestamp DEFAULT now());
ALTER TABLE enhancement_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE enhancement_feedback ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON enhancement_history;
DROP POLICY IF EXISTS tenant_isolation ON enhancement_feedback;
CREATE POLICY tenant_isolation ON enhancement_history USING (tenant_id::text = current_setting('app.current_tenant_id', true));
CREATE POLICY tenant_isolation ON enhancement_feedback USING (tenant_id::text = current_setting('app.current_tenant_id', true));
GRANT SELECT ON tenant_configs, enhancement_history, enhancement_feedback TO baseline_app;
"""


def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    limit, k, product = math.exp(-lam), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def bucket_index(bounds, value):
    for i, bound in enumerate(bounds):
        if value <= bound:
            return i
    return len(bounds)


def accumulate(counts):
    total = 0
    for c in counts:
        total += c
        yield total


def write_histogram(out, name, bounds, series, key):
    out.write(f"# TYPE {name} histogram\n")
    labels = [str(b) for b in bounds] + ["+Inf"]
    for tid, rows in series.items():
        for i, le in enumerate(labels):
            for t, cumulative in rows[key]:
                out.write(f'{name}_bucket{{tenant_id="{tid}",le="{le}"}} {cumulative[i]} {t}\n')
        for t, v in rows[key + "_count"]:
            out.write(f'{name}_count{{tenant_id="{tid}"}} {v} {t}\n')
        for t, v in rows[key + "_sum"]:
            out.write(f'{name}_sum{{tenant_id="{tid}"}} {v:.3f} {t}\n')


def chunks(rows, size):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def sql(text):
    return "NULL" if text is None else "'" + text.replace("'", "''") + "'"


if __name__ == "__main__":
    main()

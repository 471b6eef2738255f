#!/usr/bin/env python3
"""UTC offsets from Python's zoneinfo and the system tzdata, the reference for the runner's own TZif
reader (Tests/ZoneInfoTests). Prints a JSON array of {"zone", "instants", "offsets"} for every zone
under the IANA areas, at seeded random instants from 1900 to 2199 plus the hours around each
transition in 2020-2040."""
import argparse, json, os, random
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

AREAS = ["Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Etc",
         "Indian", "Pacific"]

def zones(root):
    for area in AREAS:
        for directory, _, files in os.walk(os.path.join(root, area)):
            for name in files:
                path = os.path.join(directory, name)
                with open(path, "rb") as f:
                    if f.read(4) == b"TZif":
                        yield os.path.relpath(path, root)

def offset(zone, instant):
    return int(datetime.fromtimestamp(instant, timezone.utc).astimezone(zone).utcoffset().total_seconds())

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--samples", type=int, default=60)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = os.environ.get("TZDIR", "/usr/share/zoneinfo")
    rows = []
    for name in sorted(zones(root)):
        zone = ZoneInfo(name)
        instants = [rng.randrange(-2_208_988_800, 7_258_118_400) for _ in range(args.samples)]
        # The hours on either side of each change in 2020-2040, where mistakes show.
        previous = None
        for t in range(1_577_836_800, 2_208_988_800, 86_400):
            current = offset(zone, t)
            if previous is not None and current != previous:
                instants += [t - 86_400 + k * 3600 for k in range(25)]
            previous = current
        rows.append({"zone": name, "instants": instants, "offsets": [offset(zone, t) for t in instants]})
    print(json.dumps(rows))

main()

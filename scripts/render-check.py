#!/usr/bin/env python3
"""Opens HTML files in headless Chromium at given viewport widths and prints, as JSON, each document's
scrollWidth per width: {"FILE": {"390": 374, "1280": 600}, ...}. A document wider than its viewport
scrolls sideways on that screen.

  render-check.py [--widths 390,1280] [--screenshots DIR] FILE...

Each width loads every file in an iframe of that width in one wrapper page (Chromium with
--allow-file-access-from-files, so the wrapper can read the frames' documents). With --screenshots, also
writes DIR/NAME-WIDTH.png for people to look at (never into the repository).
"""
import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("render-check: no chromium on PATH; scripts/setup installs Debian's chromium")


BASE = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
        "--hide-scrollbars", "--mute-audio", "--disable-dev-shm-usage"]


def measure(browser, files, width, scratch):
    frames = "\n".join(
        f'<iframe src="file://{html.escape(os.path.abspath(f))}" style="display:block;width:{width}px;'
        f'height:900px;border:0"></iframe>' for f in files)
    page = os.path.join(scratch, f"wrapper-{width}.html")
    with open(page, "w") as out:
        out.write(f"""<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
{frames}
<script>
window.addEventListener('load', function () {{
  var widths = [];
  document.querySelectorAll('iframe').forEach(function (frame) {{
    var d = frame.contentDocument;
    widths.push(d && d.documentElement ? d.documentElement.scrollWidth : -1);
  }});
  document.body.setAttribute('data-widths', JSON.stringify(widths));
}});
</script></body></html>""")
    result = subprocess.run([browser, *BASE, "--allow-file-access-from-files", "--virtual-time-budget=10000",
                             f"--user-data-dir={scratch}/profile-{width}", "--dump-dom", "file://" + page],
                            capture_output=True, text=True, timeout=180)
    match = re.search(r"data-widths=\"([^\"]*)\"", result.stdout)
    if not match:
        sys.exit(f"render-check: chromium printed no measurements at {width} px: {result.stderr[-800:]}")
    return json.loads(html.unescape(match.group(1)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--widths", default="390,1280")
    parser.add_argument("--screenshots")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    browser = chromium()
    widths = [int(w) for w in args.widths.split(",")]
    results = {f: {} for f in args.files}
    with tempfile.TemporaryDirectory(prefix="render-check-") as scratch:
        for width in widths:
            for f, measured in zip(args.files, measure(browser, args.files, width, scratch)):
                results[f][str(width)] = measured
        if args.screenshots:
            os.makedirs(args.screenshots, exist_ok=True)
            for f in args.files:
                for width in widths:
                    name = os.path.splitext(os.path.basename(f))[0]
                    subprocess.run([browser, *BASE, f"--user-data-dir={scratch}/shot", f"--window-size={width},2400",
                                    f"--screenshot={os.path.join(args.screenshots, f'{name}-{width}.png')}",
                                    "file://" + os.path.abspath(f)], capture_output=True, timeout=120)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

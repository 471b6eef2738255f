#!/usr/bin/env python3
"""Prints a slide deck to PDF in headless Chromium and checks it as a projector would show it:
{"pages": N, "page_size_in": [w, h], "slides": N, "overflowing": [index, ...], "scripts": N, "remote": N}.

  deck-check.py DECK.html [--pdf OUT.pdf]

Pages and their size come from the PDF (each /Type /Page and its /MediaBox); a slide overflows when its
content is taller or wider than the slide (measured in the page at 1280 px, one slide = 13.333 in × 7.5 in).
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

BASE = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--hide-scrollbars",
        "--disable-dev-shm-usage"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("deck")
    parser.add_argument("--pdf")
    args = parser.parse_args()
    browser = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
    if not browser:
        sys.exit("deck-check: no chromium on PATH; scripts/setup installs Debian's chromium")
    deck = os.path.abspath(args.deck)
    text = open(deck, encoding="utf-8").read()
    with tempfile.TemporaryDirectory(prefix="deck-check-") as scratch:
        pdf = args.pdf or os.path.join(scratch, "deck.pdf")
        subprocess.run([browser, *BASE, f"--user-data-dir={scratch}/p1", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", "file://" + deck], capture_output=True, timeout=180)
        raw = open(pdf, "rb").read()
        pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", raw))
        boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", raw)
        size = [round((float(b[2]) - float(b[0])) / 72, 3) for b in boxes[:1]] + \
               [round((float(b[3]) - float(b[1])) / 72, 3) for b in boxes[:1]]
        wrapper = os.path.join(scratch, "wrapper.html")
        with open(wrapper, "w") as out:
            out.write(f"""<!DOCTYPE html><html><body style="margin:0">
<iframe src="file://{html.escape(deck)}" style="width:1280px;height:800px;border:0"></iframe>
<script>
window.addEventListener('load', function () {{
  var d = document.querySelector('iframe').contentDocument, result = [];
  d.querySelectorAll('.slide').forEach(function (s, i) {{
    if (s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1) result.push(i + 1);
  }});
  document.body.setAttribute('data-result', JSON.stringify({{slides: d.querySelectorAll('.slide').length,
    overflowing: result}}));
}});
</script></body></html>""")
        dom = subprocess.run([browser, *BASE, f"--user-data-dir={scratch}/p2", "--allow-file-access-from-files",
                              "--virtual-time-budget=10000", "--dump-dom", "file://" + wrapper],
                             capture_output=True, text=True, timeout=180).stdout
        match = re.search(r'data-result="([^"]*)"', dom)
        if not match:
            sys.exit("deck-check: chromium printed no measurements")
        measured = json.loads(html.unescape(match.group(1)))
    print(json.dumps({"pages": pages, "page_size_in": size, "slides": measured["slides"],
                      "overflowing": measured["overflowing"], "scripts": len(re.findall(r"<script", text, re.I)),
                      "remote": len(re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text, re.I))}))


if __name__ == "__main__":
    main()

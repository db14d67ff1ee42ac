"""NLU alone: latency per message over our own per-language test sets.

python -m bench.nlu_latency            # the model from the cache (built if missing)
python -m bench.nlu_latency --build    # build the built-in model from scratch, timed
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import yaml

from shopdesk.nlu.pipeline import Pipeline, build_pipeline
from shopdesk.nlu_models import load_pipeline
from shopdesk.settings import Settings

DATA = Path(__file__).resolve().parent.parent / "tests" / "unit" / "nlu" / "data"


def texts() -> list[str]:
    found: list[str] = []
    for path in sorted(DATA.glob("test_*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = doc.items() if isinstance(doc, dict) else []
        for _intent, examples in items:
            lines = examples.splitlines() if isinstance(examples, str) else examples or []
            found.extend(str(line).strip() for line in lines if str(line).strip())
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="build the model, timed")
    args = parser.parse_args()
    started = time.perf_counter()
    pipeline: Pipeline = build_pipeline() if args.build else load_pipeline(Settings())
    build_s = time.perf_counter() - started
    sample = texts()
    for text in sample[:50]:
        pipeline.understand(text)  # warm caches
    timings = []
    for _ in range(3):
        for text in sample:
            t0 = time.perf_counter()
            pipeline.understand(text)
            timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    p = lambda q: timings[min(len(timings) - 1, int(q * len(timings)))]  # noqa: E731
    how = "build" if args.build else "load (or build, if not cached)"
    print(f"messages: {len(sample)} x 3, {how}: {build_s:.2f} s")
    print(
        f"per message: mean {statistics.fmean(timings):.2f} ms, p50 {p(0.5):.2f} ms, "
        f"p95 {p(0.95):.2f} ms, p99 {p(0.99):.2f} ms"
    )


if __name__ == "__main__":
    main()

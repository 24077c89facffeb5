"""hits@5 of public search on the everyday questions of bench/search_eval.csv.

    python bench/search_relevance.py             # a throwaway test database (SQLite by default)
    python bench/search_relevance.py --misses    # also show the first five results of each miss
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_search python bench/search_relevance.py

Builds the corpus of bench/relevance.py in a fresh test database (migrations included, so the
starter synonyms are the ones migration lists/0011 loads), asks every query, and prints for each
the rank of its answer among the first five results (– when missing), then hits@5 and hits@1.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print the results of each miss")
    parser.add_argument("--set", choices=["dev", "fresh", "both"], default="both")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.test_settings")
    import django

    django.setup()
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    from bench import relevance

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        start = time.perf_counter()
        items = relevance.build_corpus()
        names = ["dev", "fresh"] if args.set == "both" else [args.set]
        totals = []
        for name in names:
            outcomes = relevance.evaluate(path=relevance.SETS[name])
            for outcome in outcomes:
                rank = outcome.rank or "–"
                print(f"{rank!s:>2}  {outcome.query}")
                if args.misses and not outcome.hit:
                    for matter in outcome.top:
                        print(f"      · {matter[:60]}")
            totals.append((name, relevance.summary(outcomes)))
        for name, total in totals:
            print(
                f"{name:<5} hits@5 {total['hits']}/{total['queries']} "
                f"({100 * total['hits'] / total['queries']:.0f}%), hits@1 {total['first']}"
            )
        print(f"{items} items; {time.perf_counter() - start:.1f}s")
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()

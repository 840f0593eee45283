"""python -m bench [run|generate|measure]: see bench/README.md."""

import argparse
import json
import os
import sys


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="the whole benchmark (what `make bench` runs)")
    generate = commands.add_parser("generate", help="fill the migrated, empty database in DATABASE_URL")
    generate.add_argument("--sizes", required=True, help="JSON of bench.config.Sizes")
    commands.add_parser("relevance", help="only the search relevance step, on the demo library")
    relevance_measure = commands.add_parser("relevance-measure", help="measure relevance in DATABASE_URL")
    relevance_measure.add_argument("--out", required=True)
    measure = commands.add_parser("measure", help="serve the database in DATABASE_URL and measure it")
    measure.add_argument("--sizes", required=True)
    measure.add_argument("--suite", choices=["full", "growth"], default="full")
    measure.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    if args.command in (None, "run"):
        from .run import run

        return run()
    if args.command == "relevance":
        from .run import run_relevance

        return run_relevance()
    if args.command == "relevance-measure":
        setup_django()
        from .relevance import measure as measure_relevance

        with open(args.out, "w") as out:
            json.dump(measure_relevance(), out, indent=2)
        return 0
    from .config import Sizes

    sizes = Sizes(**json.loads(args.sizes))
    setup_django()
    if args.command == "generate":
        from .database import STALE
        from .generate import Stale
        from .generate import generate as generate_data

        try:
            generated = generate_data(sizes, log=lambda line: print(line, file=sys.stderr, flush=True))
        except Stale as stale:
            print(f"stale: {stale}", file=sys.stderr)
            return STALE
        print(json.dumps(generated.counts))
        return 0
    from .measure import measure as measure_site

    result = measure_site(sizes, suite=args.suite)
    with open(args.out, "w") as out:
        json.dump(result, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

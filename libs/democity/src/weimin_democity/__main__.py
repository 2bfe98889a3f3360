"""``python -m weimin_democity --size demo`` prints the city's counts as JSON."""

import argparse
import dataclasses
import json
from typing import get_args

from weimin_democity.generate import DEFAULT_SEED, generate
from weimin_democity.model import Size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m weimin_democity", description=__doc__)
    parser.add_argument("--size", choices=get_args(Size), default="demo")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    city = generate(args.size, args.seed)
    print(json.dumps(dataclasses.asdict(city.counts()), indent=2))


if __name__ == "__main__":
    main()

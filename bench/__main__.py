"""`python -m bench` (`make bench`): run the benchmarks, results in bench/results/."""

import sys

from bench import gateway

if __name__ == "__main__":
    sys.exit(gateway.main())

import sys

from weimin_grid.cli import main

if __name__ == "__main__":
    sys.exit(main())

import sys

from weimin_org_registry.cli import main

if __name__ == "__main__":
    sys.exit(main())

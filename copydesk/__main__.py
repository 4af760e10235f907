"""`python -m copydesk`: the `copydesk` command line."""

import sys

from copydesk.flows.cli import main

# Guarded: the document workers' fork server imports the main module again (as __mp_main__).
if __name__ == "__main__":
    sys.exit(main())

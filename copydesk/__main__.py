"""`python -m copydesk`: the `copydesk` command line."""

import sys

from copydesk.flows.cli import main

sys.exit(main())

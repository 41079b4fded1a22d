"""``python -m policytrack``."""

import sys

from policytrack.cli import main

sys.exit(main())

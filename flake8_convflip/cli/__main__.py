"""``python -m flake8_convflip.cli``: the same as the ``convflip`` console script."""

import sys

from . import main

sys.exit(main())

"""``python -m levanalysis.sources.example [TARGET]``: write the example data directory."""

import sys

from levanalysis.sources.example.write import main

sys.exit(main())

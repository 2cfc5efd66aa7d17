"""A replica of CBS StatLine for tests: tables shaped like the real ones as far as public evidence
goes (notes/cbs-verified.md), served over OData v3 and v4 by ``tests/cbs_server.py``."""

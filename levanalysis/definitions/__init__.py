"""Definitions: the plan, the region, the sectors, the sources and the configuration as typed
data. Everything else reads these; they read only files under ``data/`` and ``_config.yml``."""

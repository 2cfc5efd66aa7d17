"""LEV-monitor: indicators and KPI evaluation for the Liemerse Economische Visie 2024-2026."""

__version__ = "0.1.0"

"""Analysis: pure indicators, the series each KPI needs, judging against the plan, the structure
of the economy and the budget. Reads sources and definitions; never writes or displays."""

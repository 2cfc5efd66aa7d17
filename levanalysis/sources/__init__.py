"""Sources: the data directory with its provenance (``store``), CBS StatLine (``cbs``), local
deliveries (``local``) and the invented example data (``example``). They read definitions."""

"""The status rules, one module per kind of rule; :mod:`levanalysis.analysis.judging` picks one."""

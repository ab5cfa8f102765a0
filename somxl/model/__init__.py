"""The model: the contracts (template spec, case, catalogue and its knowledge) and the
calculation (the SØM engine, sensitivity and Monte Carlo, scenarios). No I/O of workbooks."""

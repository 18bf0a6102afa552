"""Pure-Python engine: rules, optimiser, routing, forecasting.

Nothing in this package imports Reflex, SQLModel or a database driver; dataclasses go in
and dataclasses come out, so every part can be unit-tested and run in a worker process.
"""

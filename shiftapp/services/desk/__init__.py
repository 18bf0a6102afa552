"""Planner desk services: rota grid, duty edits, publication, gaps and fill options, abstractions,
events and management information."""

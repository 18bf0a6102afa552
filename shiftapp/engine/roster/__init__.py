"""Rostering optimiser (issue 4): one CP-SAT model for every service, an independent
evaluator, explanations, stable re-planning and the Curtois–Qu benchmark."""

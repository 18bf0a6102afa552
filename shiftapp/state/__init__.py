"""Reflex states: thin. They hold what a page shows, call services, and turn domain errors into messages."""

"""Reusable layout pieces: the phone shell (bottom navigation) and the desk shell (sidebar)."""

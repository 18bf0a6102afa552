"""Passenger transport services (issue 7): planning, run views, variations, run sheets,
contractors and compliance, incidents. Pure routing and crew logic lives in
``shiftapp/engine/routing``; this package turns rows into engine problems and back."""

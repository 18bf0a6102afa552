"""ShiftApp: rostering, leave and passenger-transport planning for UK public services."""

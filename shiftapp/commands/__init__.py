"""Sub-commands of the ``shiftapp`` command line (see ``shiftapp.cli``)."""

"""Use cases. Each opens one transaction, checks permission, validates, calls the engine,
writes, records audit entries and notifications, and returns plain data or raises a
``DomainError`` whose message is fit to show the user."""

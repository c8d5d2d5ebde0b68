"""Customers and cases: identities, a merged timeline of every contact, note, case and
follow-up, cases with their history, follow-ups and callbacks, dispositions, CSV import.

Services take an `AsyncSession` and an `Actor` (for the audit log) and leave committing
to the caller, so one request or one command is one transaction.
"""

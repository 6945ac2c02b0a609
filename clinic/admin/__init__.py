"""The clinic's records in the admin, in Spanish, for people: imported clinical history is
read-only, JSON is shown as labelled lines, dates in the clinic's time zone."""

from clinic.admin import audit, billing, people, records

__all__ = ["audit", "billing", "people", "records"]

"""The clinic owner's migration console at ``/migracion/``: upload, trial, review, fix, sign off.

A thin layer over the migration's services: its views parse a form, call one service (or queue
one as a background task) and render the result; the work itself is the commands' own.
"""

"""`calendar_loaded(year=...)`: sent by `services.load_year` inside its transaction, after
the rows are written and the in-process calendar is invalidated, so a receiver that calls
`current_calendar()` sees the new year and its writes commit (or roll back) with the load."""

from django.dispatch import Signal

calendar_loaded = Signal()

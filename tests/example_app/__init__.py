"""A tiny procedure app that exists only to show that an app is one folder and one
INSTALLED_APPS line (tests/test_example_app.py): it has no tables of its own, a two-state
procedure on `cases.Case`, one indicator, a demo builder, a search provider and a
navigation entry, and edits no shared file."""

"""Tick jobs (filled in below)."""

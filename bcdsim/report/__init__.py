"""Formatting of analyses: pandas frames -> terminal tables, CSV, Markdown, JSON."""

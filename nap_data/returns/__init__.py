"""Yearly Excel returns: template, file checks, reading, validation and loading."""

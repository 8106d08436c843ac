"""Readers for researchers' dictionaries (TABARI/PETRARCH format)."""

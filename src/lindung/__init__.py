"""Lindung: employment social security coverage for West Kalimantan."""

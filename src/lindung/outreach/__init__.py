"""Outreach: cadres, socialization events, conversion funnels and budget planning."""

"""Claims: JKK, JKM and scholarship cases from event to payout, and handovers."""

"""Models of camket.coordination."""

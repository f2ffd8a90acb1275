"""Models of camket.portal."""

"""Models of camket.portal.opendata."""

"""Models of camket.portal.consultation."""

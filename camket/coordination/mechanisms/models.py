"""Models of camket.coordination.mechanisms."""

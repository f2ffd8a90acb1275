"""Models of camket.evaluation."""

"""Models of camket.evaluation.reviews."""

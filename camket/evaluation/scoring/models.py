"""Models of camket.evaluation.scoring."""

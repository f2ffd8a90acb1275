"""English number format with grouping (300,000), so figures read alike in both languages."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

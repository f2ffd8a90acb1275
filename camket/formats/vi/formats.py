"""Vietnamese number format: Django's own "vi" format sets the separators but no grouping.

Vietnamese writes 300.000 (dot between thousands) and 47,7 (comma before decimals); only
``intcomma`` groups, so ids in URLs and attributes stay plain. The rest is Django's "vi".
"""

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3

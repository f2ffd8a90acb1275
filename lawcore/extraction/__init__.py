"""Obligation-extraction assistant: candidate obligations and action items from treaty and
statement texts, English and Vietnamese. Nothing becomes an obligation automatically."""

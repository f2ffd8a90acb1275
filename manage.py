#!/usr/bin/env python
"""Django's command-line utility for CamKet (same as the ``camket`` console script)."""

from camket.cli import main

if __name__ == "__main__":
    main()

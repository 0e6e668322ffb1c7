"""`python -m tuiclient`."""

from tuiclient.cli import main

raise SystemExit(main())

import sys

from tereze.cli import main

sys.exit(main())

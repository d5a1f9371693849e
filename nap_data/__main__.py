import sys

from nap_data.cli import main

sys.exit(main())

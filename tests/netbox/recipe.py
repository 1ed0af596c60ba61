"""Prints the README code block marked `<!-- recipe: NAME -->`, with /opt pointed at PREFIX.

The real-NetBox tier runs the README's deploy steps through this, so they run as written.
usage: python3 tests/netbox/recipe.py NAME [PREFIX]
"""

import re
import sys
from pathlib import Path

readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
name = sys.argv[1]
match = re.search(rf"<!-- recipe: {re.escape(name)} -->\n```[a-z]*\n(.*?)\n```", readme, re.S)
if not match:
    sys.exit(f"README.md has no recipe {name!r}")
block = match.group(1)
print(block.replace("/opt", sys.argv[2] + "/opt") if len(sys.argv) > 2 else block)

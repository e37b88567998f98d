"""The example file in the administrator's guide imports as the guide says, into the demo."""
import re
from pathlib import Path

from organisations.importer import import_check

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "users" / "admin.md"


def test_the_guides_example_file_imports_without_errors(demo):
    text = GUIDE.read_text()
    example = re.search(r"```csv\n(.*?)```", text, re.S).group(1)
    plan = import_check(content=example.encode(), filename="example.csv")
    assert plan.errors == []
    assert plan.summary() == ("2 organisations to add, 0 to change, 0 unchanged; "
                              "2 commissioning links to add, 0 already held")

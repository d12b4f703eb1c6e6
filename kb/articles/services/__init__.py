"""Writes for the articles app: loading the demo help center and its editor account.

By concern:

- `demo`: the demo help center's home, site, categories and articles;
- `demo_translations`: the demo's translations;
- `demo_pages`: how the loader creates or updates a page, leaving editors' work;
- `demo_editor`: the demo editor account.

Other code imports from `kb.articles.services`; every public name is re-exported here.
"""

from .demo import DemoLoadSummary, demo_content_load
from .demo_editor import (
    DEMO_EDITOR_USERNAME,
    EDITOR_GROUPS,
    DemoEditor,
    DemoEditorRefused,
    demo_editor_ensure,
)

__all__ = [
    "DEMO_EDITOR_USERNAME",
    "EDITOR_GROUPS",
    "DemoEditor",
    "DemoEditorRefused",
    "DemoLoadSummary",
    "demo_content_load",
    "demo_editor_ensure",
]

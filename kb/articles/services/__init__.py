"""Writes for the articles app: loading the demo help center and its editor account.

Other code imports from `kb.articles.services`; every public name is re-exported here.
"""

from .demo import (
    DEMO_EDITOR_USERNAME,
    EDITOR_GROUPS,
    DemoEditor,
    DemoEditorRefused,
    DemoLoadSummary,
    demo_content_load,
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

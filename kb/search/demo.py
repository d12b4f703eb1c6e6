"""The demo help center's search synonyms: Acme Projects' own words for things.

How any customer words a need (log in, cancel, talk to a human) is built in
(kb/search/selectors/synonyms.py); these are what an editor of this product adds
for its vocabulary. Loaded by `manage.py search_load_demo`.
"""

DEMO_SYNONYMS = [
    (
        "workspace, organization, organisation, company account",
        "Customers call the workspace after their company.",
    ),
    ("task, to-do, todo, action item", "Task lists from other tools."),
    ("guest, client, external collaborator", "Who guests usually are."),
    ("board view, kanban", "Trello users know boards as Kanban."),
    ("timeline, gantt", "Project planners know the timeline as a Gantt chart."),
    ("due date, deadline", ""),
    ("project template, blueprint, boilerplate project", ""),
]

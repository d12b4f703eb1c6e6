"""How customers word what they look for: contraction spellings, and the synonym
groups every help center needs before an editor adds its own.

Groups are matched on "match keys": words lower-cased, contractions spelled one
way, a few filler words dropped and endings trimmed, so "cancelling my
subscription" meets "cancel subscription" and "logged in" meets "log in". The key
is only for matching; what gets searched are the group's terms as written.
"""

import functools
import re

# Contractions as people type them, without the apostrophe or spelled out, to the
# spelling help content uses (the index cuts "won't" into "won" and "t").
CONTRACTIONS = {
    "cant": "can't",
    "cannot": "can't",
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "wont": "won't",
    "wouldnt": "wouldn't",
    "couldnt": "couldn't",
    "shouldnt": "shouldn't",
    "havent": "haven't",
    "hasnt": "hasn't",
    "hadnt": "hadn't",
    "im": "i'm",
    "ive": "i've",
    "youre": "you're",
    "whats": "what's",
    "wheres": "where's",
    "hows": "how's",
    "theres": "there's",
}

# Words a customer adds without changing what they ask for; dropped from match
# keys so that "delete my account" meets "delete account".
FILLER = frozenset(
    "a an the my our your their his her its this that these those some".split()
)

# Phrasings of the same need across help centers. A product's own words
# (its names for things, features) belong in the editor-managed Synonym
# snippets instead.
BUILT_IN_SYNONYMS = (
    # Not "log on": the index drops "on" (and "in") as a stop word, so "log on"
    # would count the word "log" of audit logs twice.
    ("log in", "login", "sign in", "signin", "logon"),
    ("log out", "logout", "sign out", "signout"),
    ("sign up", "signup", "create account", "register", "registration", "new account"),
    ("can't log in", "can't sign in", "locked out", "can't access account"),
    ("forgot password", "reset password", "lost password", "password reset"),
    ("coworker", "co-worker", "colleague", "teammate", "team member", "employee"),
    (
        "cancel subscription",
        "cancel plan",
        "stop paying",
        "stop subscription",
        "end subscription",
        "unsubscribe from plan",
        "stop being charged",
    ),
    ("refund", "money back", "reimbursement"),
    (
        "audit log",
        "activity log",
        "audit trail",
        "who deleted",
        "who changed",
        "who removed",
    ),
    ("price", "pricing", "cost", "how much", "fee"),
    ("free trial", "trial", "try for free"),
    ("delete account", "close account", "remove account", "deactivate account"),
    ("offline", "without internet", "no internet", "no connection", "no signal"),
    (
        "contact support",
        "customer support",
        "customer service",
        "support team",
        "talk to a human",
        "talk to someone",
        "speak to someone",
        "real person",
        "contact us",
        "get in touch",
    ),
    ("down", "outage", "downtime", "status page"),
    ("not receiving", "not getting", "never arrived", "didn't get", "didn't receive"),
    ("keyboard shortcut", "shortcut", "hotkey", "key binding"),
    ("spreadsheet", "excel", "csv"),
    ("email", "e-mail"),
    (
        "two-factor",
        "2fa",
        "mfa",
        "two-step verification",
        "multi-factor",
        "authenticator",
    ),
    ("single sign-on", "sso", "saml"),
    ("self-host", "self-hosted", "on-premise", "on premises", "own servers"),
    ("dark mode", "night mode", "dark theme"),
    ("crash", "keeps closing", "force close", "freezes"),
    ("slow", "lag", "laggy", "sluggish"),
    ("api key", "api token", "access token"),
    ("rate limit", "too many requests", "throttled"),
    ("security bug", "vulnerability", "security issue", "bug bounty"),
)

_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc`´]")
_WORDS = re.compile(r"\w+(?:'\w+)?")


def respell_contractions(text: str) -> str:
    """`text` with contractions spelled the way help content spells them."""
    text = _APOSTROPHES.sub("'", text)
    return _WORDS.sub(lambda m: CONTRACTIONS.get(m.group().lower(), m.group()), text)


def _trimmed(word: str) -> str:
    for ending in ("ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) > len(ending) + 2 and word[-2:] != "ss":
            word = word[: -len(ending)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2]:  # logg(ing), cancell(ed)
        word = word[:-1]
    return word


@functools.lru_cache(maxsize=4096)  # every search compares every group's terms
def match_key(text: str) -> str:
    """The form `text` is compared in: " word word " (padded for whole words)."""
    words = re.findall(r"\w+", respell_contractions(text).lower())
    return " " + " ".join(_trimmed(w) for w in words if w not in FILLER) + " "

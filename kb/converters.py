"""`<id:name>` in URL patterns: a database id, or no match (404).

Django's `<int:...>` accepts any number of digits; an id past the largest the
database stores (a 64-bit signed integer) then fails in the query (SQLite:
OverflowError, PostgreSQL: "bigint out of range") and the client gets a 500.
Importing this module registers the converter; every urls.py that takes an id
imports it.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("not a database id")  # the URL does not match
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")

"""Spreadsheet exports (CSV, XLSX) of every admin report, safe to open.

Reports show what readers typed (searches, feedback comments, user names), and a
spreadsheet runs a cell starting with = + - @ as a formula. See cells.py.
"""

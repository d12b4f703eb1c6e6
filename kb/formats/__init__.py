"""Date formats per language (FORMAT_MODULE_PATH): templates say `DATE_FORMAT` or
`SHORT_DATE_FORMAT`, and each reader gets their language's order and month names.
English keeps the site's day-month-year ("5 March 2026"), not Django's US default."""

"""Bundled work-calendar data: official years (generated) and the statutory-holiday rules for provisional years."""

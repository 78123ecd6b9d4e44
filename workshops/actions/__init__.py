"""Every change to a workshop goes through a function in an `actions` module.

`check_*` validates and authorises (raising ActionError with a translated message), `do_*`
writes inside one transaction and records a WorkshopEvent, which is published after commit.
"""

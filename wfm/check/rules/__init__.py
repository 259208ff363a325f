"""One checker function per rule family of FORMAT.md, recomputed from the roster alone.

Nothing here imports the scheduler: the checker must catch the scheduler's own bugs.
"""

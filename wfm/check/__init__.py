"""Independent roster checker (issue 4). Must not import wfm.scheduling or ortools."""


def check_directory(scenario, directory):
    raise NotImplementedError


def check_roster(scenario, roster, orphans=()):
    raise NotImplementedError

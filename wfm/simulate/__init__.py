"""Discrete-event simulation of a roster against the forecast (issue 4)."""


def simulate(scenario, directory, replications=10, seed=0, routing="plan",
             service="exponential", absence=False):
    raise NotImplementedError


def write_simulation(result, directory):
    raise NotImplementedError

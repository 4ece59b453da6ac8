"""The M/M/c reference model in SimPy, for the speed comparison in the README.

Same model as scenarios/mmc.ron: Poisson arrivals at 8,000/s, exponential service with
mean 10 ms, 100 servers, FIFO. Prints messages processed per wall second and the mean
sojourn (Erlang C says 10.0 ms plus a tiny wait).

    pip install simpy==4.1.1
    python3 benches/simpy_mmc.py [virtual_seconds]     (default 20 s; ~160,000 messages)
"""
import random
import sys
import time

import simpy

LAMBDA, MU, SERVERS = 8000.0, 100.0, 100


def run(horizon_s, seed=7):
    rng = random.Random(seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    done = [0, 0.0]  # processed, total sojourn

    def customer():
        arrived = env.now
        with servers.request() as req:
            yield req
            yield env.timeout(rng.expovariate(MU))
        done[0] += 1
        done[1] += env.now - arrived

    def source():
        while True:
            yield env.timeout(rng.expovariate(LAMBDA))
            env.process(customer())

    env.process(source())
    started = time.perf_counter()
    env.run(until=horizon_s)
    wall = time.perf_counter() - started
    return done[0], done[1] / max(done[0], 1), wall


if __name__ == "__main__":
    horizon = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    processed, mean_sojourn, wall = run(horizon)
    print(f"simpy {simpy.__version__}: {processed} messages in {wall:.2f} s wall "
          f"= {processed / wall:,.0f} messages/s; mean sojourn {mean_sojourn * 1000:.3f} ms")

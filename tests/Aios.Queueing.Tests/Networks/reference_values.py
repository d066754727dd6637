#!/usr/bin/env python3
"""Reference values for the network tests (OpenJacksonNetworkTests, ClosedNetworkTests).

Exact MVA is run in rational arithmetic (fractions.Fraction) and cross-checked against Buzen's convolution
algorithm (CACM 16(9), 1973), an independent method for the same product-form network. Erlang C and the
Bard-Schweitzer fixed point are computed with mpmath at 50 digits. Run: python3 reference_values.py
"""
from fractions import Fraction as F
import mpmath

mpmath.mp.dps = 50


def mva_exact(queueing, delay, population):
    """Reiser & Lavenberg (JACM 27(2), 1980) exact MVA; queueing demands, total delay; returns per n."""
    q = [F(0)] * len(queueing)
    curve = []
    for n in range(1, population + 1):
        residence = [d * (1 + qi) for d, qi in zip(queueing, q)]
        x = F(n) / (sum(residence) + delay)
        q = [x * r for r in residence]
        curve.append((x, sum(residence), residence, q))
    return curve


def convolution_throughput(queueing, delay, population):
    """Buzen's G(n) with a delay station folded in: X(N) = G(N-1)/G(N)."""
    g = [F(delay) ** n / factorial(n) for n in range(population + 1)]
    for d in queueing:
        for n in range(1, population + 1):
            g[n] = g[n] + d * g[n - 1]
    return g[population - 1] / g[population]


def factorial(n):
    result = 1
    for k in range(2, n + 1):
        result *= k
    return result


def schweitzer(queueing, fixed, population):
    """Bard-Schweitzer fixed point solved to 50 digits: Q_i = X q_i (1 + a Q_i), sum Q_i + X sum(fixed) = N."""
    a = mpmath.mpf(population - 1) / population
    qs = [mpmath.mpf(v) for v in queueing]
    z = mpmath.mpf(sum(fixed))
    f = lambda x: sum(x * qi / (1 - a * x * qi) for qi in qs) + x * z - population
    hi = min(mpmath.mpf(population) / (sum(qs) + z), 1 / (a * max(qs)) if a > 0 else mpmath.inf)
    x = mpmath.findroot(f, (mpmath.mpf(0), hi * (1 - mpmath.mpf(10) ** -40)), solver='anderson')
    residence = [qi * (1 + a * x * qi / (1 - a * x * qi)) for qi in qs]
    return x, residence


def erlang_c(c, a):
    b = mpmath.mpf(1)
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return c * b / (c - a + a * b)


def show(label, value):
    print(f"{label} = {mpmath.nstr(mpmath.mpf(value.numerator) / value.denominator if isinstance(value, F) else value, 17)}")


print("# Jain, The Art of Computer Systems Performance Analysis (1991), Example 34.2 / Table 34.1:")
print("# CPU S=0.125 V=16 (D=2), disk A S=0.3 V=10 (D=3), disk B S=0.2 V=5 (D=1), think time Z=4")
jain = [F(2), F(3), F(1)]
curve = mva_exact(jain, F(4), 20)
for n in (1, 2, 3, 5, 20):
    x, r, res, q = curve[n - 1]
    assert x == convolution_throughput(jain, F(4), n)
    show(f"N={n} X", x)
    show(f"N={n} R", r)
    for name, ri, qi in zip(("cpu", "diskA", "diskB"), res, q):
        show(f"  N={n} {name} residence", ri)
        show(f"  N={n} {name} queue", qi)

print("# Bard-Schweitzer on the same model, N=20")
x, res = schweitzer([2, 3, 1], [4], 20)
show("N=20 X", x)
show("N=20 R", sum(res))
for name, ri in zip(("cpu", "diskA", "diskB"), res):
    show(f"  N=20 {name} residence", ri)

print("# Batch model without think time: D = 0.04, 0.03, 0.025, N = 10")
batch = [F(4, 100), F(3, 100), F(25, 1000)]
x, r, res, q = mva_exact(batch, F(0), 10)[-1]
assert x == convolution_throughput(batch, F(0), 10)
show("N=10 X", x)
show("N=10 R", r)
for name, qi in zip(("a", "b", "c"), q):
    show(f"  N=10 {name} queue", qi)

print("# Seidmann, Schweitzer & Shalev-Oren (Large Scale Systems 12, 1987): 4 servers of D=2 -> queue D/4 + delay 3D/4; with Z=5, N=10")
seid = mva_exact([F(1, 2)], F(3, 2) + F(5), 10)[-1]
show("Seidmann N=10 X", seid[0])
show("Seidmann N=10 R (queue part + fixed 3/2)", seid[1] + F(3, 2))


def load_dependent_exact(demand, servers, think, population):
    """Exact single-station-plus-delay (machine repairman with c servers): birth-death chain."""
    p = [F(1)]
    for k in range(1, population + 1):
        birth = F(population - k + 1) / think
        death = F(min(k, servers)) / demand
        p.append(p[-1] * birth / death)
    total = sum(p)
    busy = sum(pk * min(k, servers) for k, pk in enumerate(p)) / total
    x = busy / demand
    number = sum(pk * k for k, pk in enumerate(p)) / total
    return x, number / x


x_true, r_true = load_dependent_exact(F(2), 4, F(5), 10)
show("Exact multi-server N=10 X", x_true)
show("Exact multi-server N=10 R", r_true)
print("relative throughput error of Seidmann:", float(abs(seid[0] - x_true) / x_true))

print("# Open Jackson network: three stations")
stations = [(1, F(10), F(4)), (2, F(3), F(1)), (4, F(3, 2), F(1, 2))]
routing = [[F(0), F(6, 10), F(3, 10)], [F(1, 10), F(0), F(5, 10)], [F(2, 10), F(0), F(0)]]
# lambda_j = gamma_j + sum_i lambda_i P[i][j], solved by exact Gauss-Jordan.
n = len(stations)
matrix = [[(1 if i == j else 0) - routing[j][i] for j in range(n)] + [stations[i][2]] for i in range(n)]
for col in range(n):
    pivot = matrix[col][col]
    matrix[col] = [v / pivot for v in matrix[col]]
    for row in range(n):
        if row != col:
            factor = matrix[row][col]
            matrix[row] = [v - factor * w for v, w in zip(matrix[row], matrix[col])]
rates = [matrix[i][n] for i in range(n)]
total_external = sum(s[2] for s in stations)
total_number = mpmath.mpf(0)
for (c, mu, gamma), lam in zip(stations, rates):
    a = mpmath.mpf(lam.numerator) / lam.denominator / (mpmath.mpf(mu.numerator) / mu.denominator)
    wait_prob = erlang_c(c, a)
    mu_f = mpmath.mpf(mu.numerator) / mu.denominator
    wq = wait_prob / (mu_f * (c - a))
    number = wait_prob * a / (c - a) + a
    total_number += number
    show(f"station c={c} lambda", lam)
    show(f"  visit ratio", lam / total_external)
    print(f"  utilization = {mpmath.nstr(a / c, 17)}")
    print(f"  Wq = {mpmath.nstr(wq, 17)}")
    print(f"  W = {mpmath.nstr(wq + 1 / mu_f, 17)}")
    print(f"  L = {mpmath.nstr(number, 17)}")
print(f"network L = {mpmath.nstr(total_number, 17)}")
print(f"network W = {mpmath.nstr(total_number / (mpmath.mpf(total_external.numerator) / total_external.denominator), 17)}")

print("# Bard-Schweitzer throughput error against exact MVA (the 7% bound in ClosedNetworkTests)")


def float_exact(demands, think, population):
    q = [0.0] * len(demands)
    x = 0.0
    for n in range(1, population + 1):
        residence = [d * (1 + qi) for d, qi in zip(demands, q)]
        x = n / (sum(residence) + think)
        q = [x * r for r in residence]
    return x


def float_schweitzer(demands, think, population, tolerance=1e-12):
    a = (population - 1) / population
    q = [population * d / (sum(demands) + think) for d in demands]
    for _ in range(200000):
        residence = [d * (1 + a * qi) for d, qi in zip(demands, q)]
        x = population / (sum(residence) + think)
        updated = [x * r for r in residence]
        done = all(abs(u - v) <= tolerance * u for u, v in zip(updated, q))
        q = updated
        if done:
            return x
    raise RuntimeError("no convergence")


import random
random.seed(1)
worst = (0.0,)
for _ in range(5000):
    demands = [10 ** random.uniform(-3, 1) for _ in range(random.randint(1, 8))]
    think = 0.0 if random.random() < 0.3 else 10 ** random.uniform(-3, 3)
    population = random.randint(1, 150)
    error = abs(float_schweitzer(demands, think, population) / float_exact(demands, think, population) - 1)
    worst = max(worst, (error, demands, think, population))
print("worst over random networks:", worst)
worst = (0.0,)
for population in range(2, 40):
    for k in range(400):
        think = 10 ** (-2 + k * 4 / 400)
        error = abs(float_schweitzer([1.0], think, population) / float_exact([1.0], think, population) - 1)
        worst = max(worst, (error, population, think))
print("worst for one queueing station plus think time (D = 1):", worst)

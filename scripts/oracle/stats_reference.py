#!/usr/bin/python3
"""Oracle for src/stats: Gammapy 1.0 fit statistics (cash, cstat, wstat, get_wstat_mu_bkg, get_wstat_gof_terms) and
counts statistics (CashCountsStatistic, WStatCountsStatistic) on a grid including zero counts, alpha extremes and
large counts.

Usage: /usr/bin/python3 scripts/oracle/stats_reference.py > test/fixtures/stats/stats.json
NaN and infinities are written as the strings "nan", "inf", "-inf".
"""
import itertools, json, math, sys, warnings
import numpy as np
from gammapy.stats import (cash, cstat, wstat, get_wstat_mu_bkg, get_wstat_gof_terms, cash_sum_cython,
                           CashCountsStatistic, WStatCountsStatistic)

warnings.simplefilter("ignore")


def enc(a):
    a = np.asarray(a, dtype=float).ravel()
    return [("nan" if np.isnan(x) else ("inf" if x > 0 else "-inf")) if not np.isfinite(x) else float(x) for x in a]


out = {}

# --- per-bin fit statistics
n = [0, 1, 2, 3.5, 5, 10, 100, 1e4, 1e6]
mu = [-1, 0, 1e-30, 1e-25, 2e-25, 1e-3, 0.5, 1, 3.5, 10, 1e5]
g = np.array(list(itertools.product(n, mu)), dtype=float)
out["cash"] = {"n_on": enc(g[:, 0]), "mu_on": enc(g[:, 1]), "cash": enc(cash(g[:, 0], g[:, 1])),
               "cstat": enc(cstat(g[:, 0], g[:, 1]))}

n_on = [0, 1, 5, 30, 1e4]
n_off = [0, 1, 10, 1e5]
alpha = [1e-6, 0.01, 0.2, 1, 5, 1e3]
mu_sig = [-0.5, 0, 0.3, 5, 100]
g = np.array(list(itertools.product(n_on, n_off, alpha, mu_sig)), dtype=float)
a, b, c, d = g.T
out["wstat"] = {"n_on": enc(a), "n_off": enc(b), "alpha": enc(c), "mu_sig": enc(d),
                "wstat": enc(wstat(a, b, c, d)), "wstat_no_extra": enc(wstat(a, b, c, d, extra_terms=False)),
                "mu_bkg": enc(get_wstat_mu_bkg(a, b, c, d)), "gof": enc(get_wstat_gof_terms(a, b))}
mb = np.full_like(a, 2.5)
out["wstat"]["wstat_given_bkg"] = enc(wstat(a, b, c, d, mu_bkg=mb))
out["wstat"]["alpha_zero"] = {"n_on": [3, 0], "n_off": [4, 0], "mu_sig": [1, 0],
                              "wstat": enc(wstat(np.array([3., 0]), np.array([4., 0]), np.zeros(2), np.array([1., 0]))),
                              "mu_bkg": enc(get_wstat_mu_bkg(np.array([3., 0]), np.array([4., 0]), np.zeros(2),
                                                             np.array([1., 0])))}

# --- sums (fsum of Gammapy's per-bin values is the exact reference)
rng = np.random.default_rng(42)
N = 5000
npred = rng.gamma(0.7, 3.0, N)
npred[::97] = 0.0
counts = rng.poisson(npred).astype(float)
mask = rng.random(N) > 0.2
off = rng.poisson(npred * 4).astype(float)
alpha_arr = rng.uniform(0.05, 0.5, N)
sig = rng.uniform(0, 2, N)
w = wstat(counts, off, alpha_arr, sig)
out["sums"] = {
    "counts": enc(counts), "npred": enc(npred), "mask": mask.astype(int).tolist(), "counts_off": enc(off),
    "alpha": enc(alpha_arr), "mu_sig": enc(sig),
    "cash_sum": math.fsum(cash(counts, npred)), "cash_sum_masked": math.fsum(cash(counts, npred)[mask]),
    "cash_sum_cython_masked": float(cash_sum_cython(counts[mask], npred[mask])),
    "wstat_sum": math.fsum(w), "wstat_sum_masked": math.fsum(w[mask]),
    "wstat_sum_alpha_scalar": math.fsum(wstat(counts, off, 0.2, sig)),
}

# --- counts statistics
def counts_stat(s, extra):
    r = {"n_sig": enc(s.n_sig), "n_bkg": enc(s.n_bkg), "error": enc(s.error), "stat_null": enc(s.stat_null),
         "stat_max": enc(s.stat_max), "ts": enc(s.ts), "sqrt_ts": enc(s.sqrt_ts), "p_value": enc(s.p_value),
         "errn": enc(s.compute_errn()), "errp": enc(s.compute_errp()), "errn_2": enc(s.compute_errn(2.0)),
         "errp_2": enc(s.compute_errp(2.0)), "ul": enc(s.compute_upper_limit()), "ul_2": enc(s.compute_upper_limit(2)),
         "n_sig_sig5": enc(s.n_sig_matching_significance(5)), "n_sig_sig2": enc(s.n_sig_matching_significance(2)),
         "n_sig_sig0": enc(s.n_sig_matching_significance(0)), "n_sig_sigm1": enc(s.n_sig_matching_significance(-1))}
    r.update(extra)
    return r


g = np.array(list(itertools.product([0, 1, 2, 5, 10, 50, 1000, 1e5], [0, 0.01, 0.5, 2, 10, 100, 1e4])), dtype=float)
s = CashCountsStatistic(g[:, 0], g[:, 1])
t = s.sum()
out["cash_counts"] = counts_stat(s, {"n_on": enc(g[:, 0]), "mu_bkg": enc(g[:, 1]),
                                     "sum": {"n_on": float(t.n_on), "n_bkg": float(t.n_bkg),
                                             "sqrt_ts": float(t.sqrt_ts)}})

g = np.array(list(itertools.product([0, 1, 3, 10, 50, 1000], [0, 1, 5, 20, 1000], [0.01, 0.1, 0.5, 1, 3],
                                    [0, 2])), dtype=float)
s = WStatCountsStatistic(g[:, 0], g[:, 1], g[:, 2], g[:, 3])
t = WStatCountsStatistic(g[:, 0], g[:, 1], g[:, 2]).sum()
out["wstat_counts"] = counts_stat(s, {"n_on": enc(g[:, 0]), "n_off": enc(g[:, 1]), "alpha": enc(g[:, 2]),
                                      "mu_sig": enc(g[:, 3]),
                                      "sum": {"n_on": float(t.n_on), "n_off": float(t.n_off), "alpha": float(t.alpha),
                                              "sqrt_ts": float(t.sqrt_ts), "ul": float(t.compute_upper_limit())}})

# --- scipy's brentq (the root finder behind Gammapy's find_roots) on a few functions, incl. non-convergence
from scipy.optimize import brentq

funcs = {"cubic": (lambda x: x**3 - 2, 0.0, 2.0), "cos": (lambda x: math.cos(x) - x, 0.0, 1.0)}
for p in range(1, 10):
    funcs[f"pow{p}"] = ((lambda p: lambda x: math.copysign(abs(x) ** (p / 3), x) if x != 0 else 0.0)(p), -17.3, 3.1)
out["brentq"] = {}
for name, (f, a, b) in funcs.items():
    r, res = brentq(f, a, b, full_output=True, disp=False)
    out["brentq"][name] = {"a": a, "b": b, "root": float(r), "converged": bool(res.converged),
                           "iterations": int(res.iterations)}
json.dump(out, sys.stdout)

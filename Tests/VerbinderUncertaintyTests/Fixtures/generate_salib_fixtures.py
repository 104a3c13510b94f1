"""Reference values from SALib for Verbinder's sensitivity estimators (run once by hand, not by make test).

    python3 -m venv .venv-unc && .venv-unc/bin/pip install SALib==1.6.0
    .venv-unc/bin/python Tests/VerbinderUncertaintyTests/Fixtures/generate_salib_fixtures.py

writes, next to this script:
- sobol-sequence.json: column sums and some rows of SALib's own Sobol' sequence generator (Joe & Kuo
  direction numbers new-joe-kuo-6.21201) for 256 dimensions and 1,024 points;
- ishigami-sobol.json: SALib's Saltelli sample of the Ishigami function (N = 256, second order,
  saltelli.sample: unscrambled Sobol' sequence, 256 points skipped), the outputs, the bootstrap resample
  indices SALib drew, and SALib's S1, S1_conf, ST, ST_conf, S2, S2_conf;
- gfunction-sobol.json: the same for the Sobol G function (6 inputs, a = 0, 1, 4.5, 9, 99, 99; N = 128,
  first and total order only; a scrambled Sobol' sample from sobol.sample, so the estimator is checked on
  a sample Verbinder did not draw itself);
- ishigami-morris.json: SALib's Morris sample (20 trajectories, 4 levels), outputs, resample indices and
  mu, mu_star, sigma, mu_star_conf.
Verbinder's tests feed the same sample matrices, outputs and resample indices to its own estimators and
expect SALib's numbers to within 1e-12.
"""
import json
import math
import os

import numpy as np
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import saltelli, sobol as sobol_sample
from SALib.sample import sobol_sequence
from SALib.test_functions import Ishigami, Sobol_G

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240101
RESAMPLES = 100


def write(name, payload):
    with open(os.path.join(HERE, name), "w") as handle:
        json.dump(payload, handle, separators=(",", ":"))
        handle.write("\n")


def sobol_resamples(n):
    # The same draw as SALib.analyze.sobol.analyze(seed=SEED): r = rng(N, size=(N, num_resamples)).
    rng = np.random.default_rng(SEED).integers
    r = rng(n, size=(n, RESAMPLES))
    return r.T.tolist()  # one list of N indices per resample


def morris_resamples(trajectories, d):
    # The same draws as SALib.analyze.morris.analyze(seed=SEED): per parameter, rng.integers(r, size=(R, r)).
    rng = np.random.default_rng(SEED)
    return [rng.integers(trajectories, size=(RESAMPLES, trajectories)).tolist() for _ in range(d)]


def sobol_case(problem, X, Y, second, name):
    S = sobol_analyze.analyze(problem, Y, calc_second_order=second, num_resamples=RESAMPLES, seed=SEED)
    n = Y.size // ((2 * problem["num_vars"] + 2) if second else (problem["num_vars"] + 2))
    payload = {
        "names": problem["names"], "bounds": problem["bounds"], "N": n, "secondOrder": second,
        "X": X.tolist(), "Y": Y.tolist(), "resamples": sobol_resamples(n),
        "S1": S["S1"].tolist(), "S1_conf": S["S1_conf"].tolist(),
        "ST": S["ST"].tolist(), "ST_conf": S["ST_conf"].tolist(),
    }
    if second:
        nan_to_none = lambda m: [[None if math.isnan(v) else v for v in row] for row in m.tolist()]
        payload["S2"] = nan_to_none(S["S2"])
        payload["S2_conf"] = nan_to_none(S["S2_conf"])
    write(name, payload)


def main():
    seq = sobol_sequence.sample(1024, 256)
    write("sobol-sequence.json", {
        "points": 1024, "dimensions": 256,
        "columnSums": seq.sum(axis=0).tolist(),
        "rows": {str(i): seq[i].tolist() for i in (1, 2, 3, 100, 511, 1023)},
    })

    ishigami = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}
    X = saltelli.sample(ishigami, 256, calc_second_order=True)
    sobol_case(ishigami, X, Ishigami.evaluate(X), True, "ishigami-sobol.json")

    a = [0, 1, 4.5, 9, 99, 99]
    gfun = {"num_vars": 6, "names": [f"x{i + 1}" for i in range(6)], "bounds": [[0, 1]] * 6}
    X = sobol_sample.sample(gfun, 128, calc_second_order=False, scramble=True, seed=SEED)
    sobol_case(gfun, X, Sobol_G.evaluate(X, np.array(a)), False, "gfunction-sobol.json")

    X = morris_sample.sample(ishigami, 20, num_levels=4, seed=SEED)
    Y = Ishigami.evaluate(X)
    M = morris_analyze.analyze(ishigami, X, Y, num_resamples=RESAMPLES, num_levels=4, seed=SEED)
    write("ishigami-morris.json", {
        "names": ishigami["names"], "bounds": ishigami["bounds"], "levels": 4, "trajectories": 20,
        "X": X.tolist(), "Y": Y.tolist(), "resamples": morris_resamples(20, 3),
        "mu": np.asarray(M["mu"]).tolist(), "mu_star": np.asarray(M["mu_star"]).tolist(),
        "sigma": np.asarray(M["sigma"]).tolist(), "mu_star_conf": np.asarray(M["mu_star_conf"]).tolist(),
    })


if __name__ == "__main__":
    main()

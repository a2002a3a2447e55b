"""scikit-learn reference values for silhouettes() (several partitions scored on shared points and distances) and
for the seeded sample of silhouette()/silhouettes() (test/analysis/silhouettes.test.ts).

Run from the repository root:
    /usr/bin/python3 test/reference/silhouettes.py      (writes test/reference/silhouettes.sklearn.json)
Every expected value sits beside the exact call and the library versions; floats are written with repr().

Data: 600 rows shaped like `servq analyze segments`' features: 3 standard-normal columns shifted by a planted
group, then a one-hot category (4 levels) and a one-hot channel (3 levels) as 0/1, from
numpy.random.RandomState(20261202). Partitions: scikit-learn KMeans fits for k = 2..6, a random labelling with 3
clusters, and one with a singleton cluster.

The sample: servq draws it with its own generator (src/analysis/kmeans/seeded-random.ts: splitmix32 seeding,
xoshiro128**, 53-bit doubles, partial Fisher-Yates, sorted), ported below, so the expected value is scikit-learn's
silhouette on exactly the rows servq samples: silhouette_score(X[idx], labels[idx]).
"""
import json

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_samples, silhouette_score

M = 0xFFFFFFFF


class SeededRandom:
    """Port of servq's SeededRandom (xoshiro128**, state from splitmix32)."""

    def __init__(self, seed):
        s = (seed & M) ^ ((seed // 4294967296) & M)

        def nxt():
            nonlocal s
            s = (s + 0x9E3779B9) & M
            z = s
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M
            return z ^ (z >> 16)

        self.a, self.b, self.c, self.d = nxt(), nxt(), nxt(), nxt()
        if (self.a | self.b | self.c | self.d) == 0:
            self.a = 1

    @staticmethod
    def rotl(x, k):
        return ((x << k) & M) | (x >> (32 - k))

    def next_uint32(self):
        result = (self.rotl((self.b * 5) & M, 7) * 9) & M
        t = (self.b << 9) & M
        self.c ^= self.a
        self.d ^= self.b
        self.b ^= self.c
        self.a ^= self.d
        self.c ^= t
        self.d = self.rotl(self.d, 11)
        return result

    def next_double(self):
        hi = self.next_uint32() >> 5
        lo = self.next_uint32() >> 6
        return (hi * 67108864 + lo) / 9007199254740992

    def next_int(self, n):
        return int(self.next_double() * n)


def sample_indices(n, size, seed):
    """servq's sampleIndices(n, size, new SeededRandom(seed))."""
    random = SeededRandom(seed)
    pool = list(range(n))
    for i in range(size):
        j = i + random.next_int(n - i)
        pool[i], pool[j] = pool[j], pool[i]
    return sorted(pool[:size])


rng = np.random.RandomState(20261202)
n = 600
group = rng.randint(0, 3, size=n)
numeric = rng.normal(size=(n, 3)) + np.array([[0, 0, 0], [2.5, 1.0, 0], [0, 2.5, 1.5]])[group]
category = np.where(rng.uniform(size=n) < 0.7, group, rng.randint(0, 4, size=n))
channel = rng.randint(0, 3, size=n)
X = np.hstack([numeric, np.eye(4)[category], np.eye(3)[channel]])

version = f"scikit-learn {sklearn.__version__}, numpy {np.__version__}"
partitions = []
for k in range(2, 7):
    labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit(X).labels_
    partitions.append({"name": f"KMeans(n_clusters={k}, n_init=10, random_state=0).fit(X).labels_", "labels": [int(v) for v in labels]})
partitions.append({"name": "np.random.RandomState(7).randint(0, 3, size=600)", "labels": [int(v) for v in np.random.RandomState(7).randint(0, 3, size=n)]})
singleton = [int(v) for v in partitions[1]["labels"]]
singleton[17] = 3
partitions.append({"name": "the k = 3 labels with row 17 alone in cluster 3", "labels": singleton})

SAMPLE_SIZE = 200
SAMPLE_SEED = 7
idx = sample_indices(n, SAMPLE_SIZE, SAMPLE_SEED)

out = {"version": version, "x": X.tolist(), "sampleSize": SAMPLE_SIZE, "sampleSeed": SAMPLE_SEED, "sampleIndices": idx, "partitions": []}
for p in partitions:
    labels = np.array(p["labels"])
    out["partitions"].append({
        "name": p["name"],
        "labels": p["labels"],
        "exact": {
            "call": "silhouette_score(X, labels), silhouette_samples(X, labels)",
            "version": version,
            "silhouette_score": float(silhouette_score(X, labels)),
            "silhouette_samples": [float(v) for v in silhouette_samples(X, labels)],
        },
        # scikit-learn's own sampled score with the whole data as the sample: a permutation of the rows, the exact value
        "fullSample": {
            "call": f"silhouette_score(X, labels, sample_size={n}, random_state=0)",
            "version": version,
            "silhouette_score": float(silhouette_score(X, labels, sample_size=n, random_state=0)),
        },
        "sampled": {
            "call": f"silhouette_score(X[idx], labels[idx]), silhouette_samples(X[idx], labels[idx]); idx = servq sampleIndices({n}, {SAMPLE_SIZE}, seed {SAMPLE_SEED})",
            "version": version,
            "silhouette_score": float(silhouette_score(X[idx], labels[idx])),
            "silhouette_samples": [float(v) for v in silhouette_samples(X[idx], labels[idx])],
        },
    })

with open("test/reference/silhouettes.sklearn.json", "w") as f:
    json.dump(out, f)
print("wrote test/reference/silhouettes.sklearn.json", version)

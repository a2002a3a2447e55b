"""scikit-learn cross-checks for kmeans / silhouette (test/analysis/kmeans.test.ts, silhouette.test.ts).

Run from the repository root AFTER `Rscript test/reference/kmeans.R` (it reads the data that script wrote, so
both oracles see identical numbers; scikit-learn's bundled iris differs from R's in two rows):
    /usr/bin/python3 test/reference/kmeans.py      (writes test/reference/kmeans.sklearn.json)
Each expected value sits beside the exact call and the library versions; floats are written with repr().
"""
import json

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_samples, silhouette_score

ref = json.load(open("test/reference/kmeans.json"))
iris = np.array(ref["data"]["iris"], dtype=float)
blobs = np.array(ref["data"]["blobs"], dtype=float)
noise = np.array(ref["data"]["noise"], dtype=float)
data = {"iris": iris, "blobs": blobs, "noise": noise}
version = f"scikit-learn {sklearn.__version__}, numpy {np.__version__}"
out = {"version": version}

# Best of many k-means++ starts (scikit-learn's greedy k-means++, Lloyd).
best = []
for name, k in [("iris", 3), ("iris", 4), ("iris", 5), ("blobs", 4), ("noise", 6)]:
    km = KMeans(n_clusters=k, n_init=50, random_state=0, algorithm="lloyd", init="k-means++").fit(data[name])
    best.append({
        "call": f"KMeans(n_clusters={k}, n_init=50, random_state=0, algorithm='lloyd', init='k-means++').fit({name})",
        "version": version, "data": name, "k": k,
        "inertia": float(km.inertia_), "labels": [int(v) for v in km.labels_],
    })
out["bestOfStarts"] = best

# Lloyd from given starting centres (1-based row numbers, as in kmeans.json's fromStarts), tol=0: stop when no
# label changes, as R's Lloyd and servq's default.
fixed = []
for start in ref["fromStarts"]:
    if start["algorithm"] != "Lloyd":
        continue
    x = data[start["data"]]
    idx = [i - 1 for i in start["start"]]
    km = KMeans(n_clusters=len(idx), init=x[idx], n_init=1, algorithm="lloyd", tol=0, max_iter=300).fit(x)
    fixed.append({
        "call": f"KMeans(n_clusters={len(idx)}, init={start['data']}[{idx}], n_init=1, algorithm='lloyd', tol=0, max_iter=300).fit({start['data']})",
        "version": version, "data": start["data"], "start": start["start"],
        "inertia": float(km.inertia_), "labels": [int(v) for v in km.labels_], "n_iter": int(km.n_iter_),
    })
out["lloydFromStarts"] = fixed

# Silhouettes of the same partitions as kmeans.json's silhouette section.
sils = []
for s in ref["silhouette"]:
    x = np.array(s["x"], dtype=float) if "x" in s else (data[s["data"]] if s["data"] in data else noise[:300])
    labels = np.array(s["clusters"])
    sils.append({
        "call": f"silhouette_score(x, labels) and silhouette_samples(x, labels); partition: {s['call']}",
        "version": version, "data": s["data"],
        "silhouette_score": float(silhouette_score(x, labels)),
        "silhouette_samples": [float(v) for v in silhouette_samples(x, labels)],
    })
out["silhouette"] = sils

with open("test/reference/kmeans.sklearn.json", "w") as f:
    json.dump(out, f)
print("wrote test/reference/kmeans.sklearn.json")

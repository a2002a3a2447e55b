"""Reference values for servq's cart(): scikit-learn DecisionTreeClassifier on seeded continuous data.

Run with Debian's Python: /usr/bin/python3 test/reference/cart.py  (writes test/reference/cart.sklearn.json).
Run it BEFORE cart.R, which fits rpart(cp = -1, minsplit = 2, minbucket = 1, xval = 0) on the same data.
Per STACK.md, sklearn CART == rpart(cp = -1, minsplit = 2, minbucket = 1, xval = 0): both grow to pure leaves
(or to max_depth) with Gini splits at mid-points; the tests compare the partition of rows into leaves. Where two
candidate splits have exactly the same Gini decrease the libraries break the tie differently (rpart: first
variable; sklearn: a random feature order), so the tests walk both trees and accept a difference only at an
exact tie, which they check from the class counts.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.tree import DecisionTreeClassifier

version = f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}"

rng = np.random.default_rng(20240607)
n = 400
# continuous features with no ties, three classes from a noisy rule (so the tree is deep and splits are unique)
X = rng.normal(size=(n, 4))
score = X[:, 0] + 0.5 * X[:, 1] ** 2 - 0.7 * X[:, 2] + rng.normal(scale=0.6, size=n)
y = np.where(score < -0.5, "a", np.where(score < 0.8, "b", "c"))

cases = []
for depth in [None, 3, 6]:
    clf = DecisionTreeClassifier(criterion="gini", max_depth=depth, random_state=0)
    clf.fit(X, y)
    leaves = clf.apply(X)
    path = clf.decision_path(X)
    call = f"DecisionTreeClassifier(criterion='gini', max_depth={depth}, random_state=0).fit(X, y); apply(X), decision_path(X)"
    cases.append({
        "call": call,
        "version": version,
        "maxDepth": depth,
        "leaf": [int(v) for v in leaves],
        "nLeaves": int(clf.get_n_leaves()),
        "predicted": [str(v) for v in clf.predict(X)],
        # the tree: children (-1 = leaf) and, for every row, the sklearn node ids on its path from the root
        "childrenLeft": [int(v) for v in clf.tree_.children_left],
        "childrenRight": [int(v) for v in clf.tree_.children_right],
        "paths": [[int(v) for v in path.indices[path.indptr[i]:path.indptr[i + 1]]] for i in range(n)],
    })

out = {
    "description": "400 rows x 4 N(0,1) features, classes a/b/c from a noisy score; rng = numpy default_rng(20240607)",
    "version": version,
    "data": {
        "features": {f"x{j + 1}": [float(v) for v in X[:, j]] for j in range(4)},
        "target": [str(v) for v in y],
    },
    "cases": cases,
}
with open(__file__.replace("cart.py", "cart.sklearn.json"), "w") as fh:
    json.dump(out, fh)
print("wrote cart.sklearn.json")

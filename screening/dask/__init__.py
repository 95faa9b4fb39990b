"""Screening on a Dask cluster (`pip install 'screening[dask]'`).

`screen_dataframe(ddf, spec)` screens a Dask DataFrame and returns one of results;
`run_on_cluster(...)` is what `screen FILES... --dask ADDRESS` runs. Each worker process builds
its Screener once from a `ScreenerSpec` (the list and rule files, which every worker must be
able to read at the same paths) and every partition checks the list versions it used.
"""

from screening.dask.run import ClusterError, connect, run_on_cluster, screen_dataframe
from screening.dask.summary import ClusterSummary

__all__ = ["ClusterError", "ClusterSummary", "connect", "run_on_cluster", "screen_dataframe"]

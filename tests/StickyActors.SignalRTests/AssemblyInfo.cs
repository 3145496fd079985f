// Each test runs a whole cluster (and some a browser) on a 2-core machine: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

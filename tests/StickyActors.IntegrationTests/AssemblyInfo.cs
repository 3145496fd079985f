// Every test here starts a master and worker processes: on a 2-core machine shared with other work,
// test classes running side by side would starve each other's processes and break what they
// measure. One test at a time, as in the SignalR tests.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

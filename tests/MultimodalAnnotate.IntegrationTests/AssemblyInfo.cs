// Test classes start their own app (WebApplicationFactory). The factory captures the host that the entry point
// builds through a process-wide hook, so two apps starting at once can swap hosts; classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

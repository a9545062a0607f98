// Each browser collection starts its own app on Kestrel. WebApplicationFactory captures the host that the
// entry point builds through a process-wide hook, so two factories starting at once can swap hosts (one then
// binds the default port 5000). Browser collections therefore run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

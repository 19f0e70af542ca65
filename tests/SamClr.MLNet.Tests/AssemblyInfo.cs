using Xunit;

// libtorch's random generator (used for weight initialisation after torch.random.manual_seed) is process-wide, so
// tests that check seeded determinism must not run beside other tests that draw from it. Running the test classes one
// after another also keeps the two CPU cores from being oversubscribed by several libtorch thread pools.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

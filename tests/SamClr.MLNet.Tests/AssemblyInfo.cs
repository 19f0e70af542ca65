using Xunit;

// Test classes run in parallel (xUnit's default: one collection per class, as many at once as there are cores), except
// those in the SequentialCollection, which run alone after the others.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass)]

// The experiment tests run the CLI in-process and capture Console.Out, which is process-wide: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

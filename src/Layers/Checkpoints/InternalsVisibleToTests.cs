using System.Runtime.CompilerServices;

// the checkpoint tests inject write failures through an internal overload
[assembly: InternalsVisibleTo("IlgpuNet.Tests.Layers")]

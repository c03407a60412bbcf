using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Memory;

namespace IlgpuNet.Data.Imaging;

/// <summary>
/// The ImageSharp configuration every decode and encode of the project uses: all of ImageSharp's formats, and an
/// allocation limit so that a buffer a corrupt or hostile file asks for is refused rather than allocated.
/// </summary>
internal static class ImageSharpConfiguration
{
    /// <summary>Largest single buffer ImageSharp may allocate (the image limit itself is <see cref="ImageFile.MaxPixels"/>).</summary>
    public const int AllocationLimitMegabytes = 2048;

    public static Configuration Instance { get; } = Create();

    private static Configuration Create()
    {
        var configuration = Configuration.Default.Clone();
        configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = AllocationLimitMegabytes });
        return configuration;
    }
}

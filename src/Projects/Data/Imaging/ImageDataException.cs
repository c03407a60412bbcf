using IlgpuNet.Tensors.IO;

namespace IlgpuNet.Data.Imaging;

/// <summary>Builds the <see cref="InvalidFileException"/> every decoder throws, so each message starts with the file it is about.</summary>
internal static class ImageDataException
{
    public static InvalidFileException Create(string source, string problem, Exception? inner = null) =>
        new(source, problem, inner);
}

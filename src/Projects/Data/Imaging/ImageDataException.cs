namespace IlgpuNet.Data.Imaging;

/// <summary>Builds the InvalidDataException every decoder throws, so each message starts with the file it is about.</summary>
internal static class ImageDataException
{
    public static InvalidDataException Create(string source, string problem, Exception? inner = null) =>
        new($"{source}: {problem}", inner);
}

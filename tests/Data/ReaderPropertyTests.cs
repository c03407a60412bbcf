using System.Text;
using IlgpuNet.Data.Datasets;
using IlgpuNet.Data.Imaging;
using IlgpuNet.Tests.Support;

namespace IlgpuNet.Tests.Data;

/// <summary>
/// The image loader and the Blender transforms reader on random and mutated files: they load or throw
/// InvalidFileException, never another type, within the allocation the input's size allows.
/// </summary>
public sealed class ReaderPropertyTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ilgpunet-reader-properties-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ImageLoader_RandomAndMutatedImages_LoadOrThrowInvalidFileWithinTheAllocationLimit()
    {
        var picture = new ByteImage(9, 7, 3);
        for (int i = 0; i < picture.Pixels.Length; i++)
        {
            picture.Pixels[i] = (byte)(i * 37);
        }

        // ImageSharp 2.x writes baseline JPEG only; the progressive one is PIL's fixture
        byte[][] valid =
        [
            ImageFile.Encode(picture, ImageFormat.Png), ImageFile.Encode(picture.ToGray(), ImageFormat.Png),
            ImageFile.Encode(picture, ImageFormat.Jpeg), Imaging.ImageFixtures.Bytes("progressive.jpg"),
            [.. Encoding.ASCII.GetBytes("P6 3 2 255\n"), .. Enumerable.Range(0, 18).Select(i => (byte)(i * 13))],
        ];
        // a decoded image is at most what its header declares; the mutated headers here stay far below 64 MB
        ReaderProperties.LoadOrThrowInvalidFile(valid, bytes => ImageFile.Decode(bytes, "fuzz"), length => (64 * length) + (64 << 20));
    }

    [Fact]
    public void BlenderTransforms_RandomAndMutatedJson_LoadOrThrowInvalidFileWithinTheAllocationLimit()
    {
        string json = """
            {"camera_angle_x": 0.69, "frames": [
              {"file_path": "./train/r_0", "transform_matrix": [[1, 0, 0, 0.5], [0, 1, 0, 0], [0, 0, 1, 4.0], [0, 0, 0, 1]]},
              {"file_path": "./train/r_1.png", "transform_matrix": [[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, -1, 4.0], [0, 0, 0, 1]]}]}
            """;
        var view = new ByteImage(4, 4, 4);
        string path = Path.Combine(folder, "transforms_train.json");
        ReaderProperties.LoadOrThrowInvalidFile([Encoding.UTF8.GetBytes(json)],
            bytes =>
            {
                File.WriteAllBytes(path, bytes);
                BlenderScene.Load(folder, "train", decoder: _ => view);
            },
            length => (64 * length) + (1 << 20));
    }
}

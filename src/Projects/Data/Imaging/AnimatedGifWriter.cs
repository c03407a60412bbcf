using IlgpuNet.Tensors.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;

namespace IlgpuNet.Data.Imaging;

/// <summary>
/// Writes an animated GIF through ImageSharp, frame by frame (a camera-path video, say): every frame has the first
/// frame's size, is shown for a fixed delay, and the animation loops forever by default. Each frame gets its own
/// 256-colour palette (GIF has no more), so smooth gradients band slightly; for full colour encode an MP4 with ffmpeg.
/// ImageSharp encodes a GIF in one go, so frames are kept (as RGB) until <see cref="Dispose"/> writes the file (through
/// <see cref="AtomicFile"/> when given a path).
/// </summary>
public sealed class AnimatedGifWriter : IDisposable
{
    private readonly Stream? stream;
    private readonly bool leaveOpen;
    private readonly string? path;
    private readonly int frameDelayCentiseconds;
    private readonly int loopCount;
    private Image<Rgb24>? animation;
    private bool disposed;

    /// <param name="frameDelayMilliseconds">How long each frame shows, rounded to GIF's 10 ms steps (40 ms = 25 frames per second).</param>
    /// <param name="loopCount">How many times to play; 0 loops forever.</param>
    public AnimatedGifWriter(string path, int frameDelayMilliseconds = 40, int loopCount = 0)
        : this(path, null, frameDelayMilliseconds, loopCount, leaveOpen: false)
    {
    }

    public AnimatedGifWriter(Stream stream, int frameDelayMilliseconds = 40, int loopCount = 0, bool leaveOpen = false)
        : this(null, stream, frameDelayMilliseconds, loopCount, leaveOpen)
    {
    }

    private AnimatedGifWriter(string? path, Stream? stream, int frameDelayMilliseconds, int loopCount, bool leaveOpen)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameDelayMilliseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frameDelayMilliseconds, ushort.MaxValue * 10);
        ArgumentOutOfRangeException.ThrowIfNegative(loopCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(loopCount, ushort.MaxValue);
        this.path = path;
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        this.frameDelayCentiseconds = (int)Math.Round(frameDelayMilliseconds / 10.0);
        this.loopCount = loopCount;
    }

    public int FrameCount { get; private set; }

    /// <summary>Encodes a whole animation in memory.</summary>
    public static byte[] Encode(IEnumerable<ByteImage> frames, int frameDelayMilliseconds = 40, int loopCount = 0)
    {
        using var memory = new MemoryStream();
        using (var writer = new AnimatedGifWriter(memory, frameDelayMilliseconds, loopCount, leaveOpen: true))
        {
            foreach (var frame in frames)
            {
                writer.AddFrame(frame);
            }
        }

        return memory.ToArray();
    }

    /// <summary>Adds a frame (gray is shown as gray, alpha is dropped).</summary>
    public void AddFrame(ByteImage frame)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (animation != null && (frame.Width, frame.Height) != (animation.Width, animation.Height))
        {
            throw new ArgumentException($"GIF frame {FrameCount} is {frame.Width}x{frame.Height}, the animation is {animation.Width}x{animation.Height}");
        }

        using var image = frame.ToImageSharp<Rgb24>();
        image.Frames.RootFrame.Metadata.GetGifMetadata().FrameDelay = frameDelayCentiseconds;
        if (animation == null)
        {
            animation = image.Clone();
            animation.Metadata.GetGifMetadata().RepeatCount = (ushort)loopCount;
        }
        else
        {
            animation.Frames.AddFrame(image.Frames.RootFrame);
        }

        FrameCount++;
    }

    /// <summary>Encodes the frames and closes the file; without frames nothing is written.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (animation != null)
        {
            var encoder = new GifEncoder { ColorTableMode = GifColorTableMode.Local };
            if (path != null)
            {
                AtomicFile.Write(path, file => animation.SaveAsGif(file, encoder));
            }
            else
            {
                animation.SaveAsGif(stream!, encoder);
            }

            animation.Dispose();
        }

        if (!leaveOpen)
        {
            stream?.Dispose();
        }
    }
}
